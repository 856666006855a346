package io.handoffkit.conformance.properties;

import static io.handoffkit.conformance.properties.Suite.SUT;
import static io.handoffkit.conformance.properties.Suite.check;

import com.google.protobuf.InvalidProtocolBufferException;
import io.handoffkit.backend.OfferExchange;
import io.handoffkit.backend.OfferOutcome;
import io.handoffkit.conformance.Proves;
import io.handoffkit.conformance.property.Property;
import io.handoffkit.conformance.property.PropertyAssertionError;
import io.handoffkit.conformance.property.gen.Defect;
import io.handoffkit.conformance.property.gen.Draft;
import io.handoffkit.conformance.property.gen.Exchanges;
import io.handoffkit.conformance.property.suite.HandoffProperties;
import io.handoffkit.conformance.verdict.Role;
import io.handoffkit.conformance.verdict.TokenState;
import io.handoffkit.proto.v1.Frame;
import io.handoffkit.proto.v1.FrameKind;
import io.handoffkit.proto.v1.HandoffAck;
import io.handoffkit.proto.v1.HandoffOffer;
import io.handoffkit.token.TokenStore;
import io.handoffkit.wire.Envelope;
import io.handoffkit.wire.FrameReader;
import io.handoffkit.wire.Framing;
import io.handoffkit.wire.Verdict;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** SPEC "Backend reading an offer": the backend's checks (OFFER-1), then always an ACK for a decodable offer. */
@DisplayName("Offer (OFFER)")
class OfferProperties {

    private static final Role ROLE = Role.BACKEND_OFFER;
    /** The defects of a decodable offer: the backend answers them with a refusing ACK. */
    private static final Set<Defect> JUDGED = EnumSet.of(
            Defect.TOKEN_MISSING, Defect.TOKEN_LENGTH, Defect.TOKEN_NOT_PENDING, Defect.TOKEN_EXPIRED, Defect.TOKEN_MISMATCH);

    @Test
    @DisplayName("OFFER-1 a valid offer (any handle value, service name, correlation id) with the expected pending token is accepted")
    @Proves({"OFFER-1", "FRAMES-1"})
    void validOfferAccepted() {
        check(HandoffProperties.accepted(ROLE, SUT));
    }

    @Test
    @DisplayName("OFFER-2 an offer frame whose request_id is not the offer's correlation_id is rejected as OFFER_CORRELATION")
    @Proves("OFFER-2")
    void correlation() {
        check(HandoffProperties.defect(ROLE, Defect.OFFER_CORRELATION, SUT));
    }

    @Test
    @DisplayName("OFFER-1 with two defects the backend's earlier check wins (frame, decode, envelope, payload, correlation, then the token)")
    @Proves("OFFER-1")
    void checkOrder() {
        check(HandoffProperties.ordering("OFFER-1 backend check order", ROLE, Defect.checkOrder(ROLE), SUT));
    }

    @Test
    @DisplayName("OFFER-3/6/7 a malformed offer gets no ACK; a decodable one always gets an ACK echoing token and correlation id; only an accepted one is adopted")
    @Proves({"OFFER-3", "OFFER-6", "OFFER-7", "TOKEN-3", "TOKEN-4", "TOKEN-5", "FRAMES-2"})
    void serve() {
        List<Defect> all = Defect.checkOrder(ROLE);
        check(Property.forAll("OFFER-3/6/7 serve one offer", data -> {
                    Draft d = Exchanges.offer(data);
                    Optional<Defect.Applied> applied = switch (data.consumeInt(0, 3)) {
                        case 0 -> Optional.empty();
                        case 1 -> Optional.of(data.pickValue(all).apply(d, data));
                        default -> Optional.of(data.pickValue(List.copyOf(JUDGED)).apply(d, data));
                    };
                    long start = data.consumeBoolean() ? data.consumeLong() : Long.MAX_VALUE - data.consumeLong(0, 60_000_000_000L);
                    boolean atTtl = data.consumeBoolean();
                    return new Served(d, d.wire(), applied, start, atTtl);
                })
                .describedBy(s -> s.draft().describe() + "\ndefect: " + s.applied().map(Object::toString).orElse("none")
                        + "\nregistered at " + s.start() + (s.atTtl() ? ", judged 1 ns before the TTL" : ""))
                .requireLabels("accepted", "no ACK", "refused TOKEN_MISSING", "refused TOKEN_LENGTH", "refused TOKEN_NOT_PENDING",
                        "refused TOKEN_EXPIRED", "refused TOKEN_MISMATCH", "judged 1 ns before the TTL")
                .check(OfferProperties::serveOne));
    }

    record Served(Draft draft, byte[] wire, Optional<Defect.Applied> applied, long start, boolean atTtl) {}

    private static void serveOne(Served s, io.handoffkit.conformance.property.Coverage coverage) throws Exception {
        Draft d = s.draft();
        TokenStore store = new TokenStore();
        long ttl = store.limits().ttl().toNanos();
        store.register(d.token(), s.start());
        long now = s.start();
        TokenState state = d.inputs().expectedTokenState();
        switch (state) {
            case CONSUMED -> store.consumeMatching(d.token(), d.token(), now);
            case EXPIRED -> now = s.start() + ttl; // expired at exactly issue + TTL (TOKEN-3)
            case PENDING -> now = s.atTtl() ? s.start() + ttl - 1 : s.start();
        }
        if (state == TokenState.PENDING && s.atTtl()) {
            coverage.label("judged 1 ns before the TTL");
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        OfferOutcome outcome = OfferExchange.serve(new ByteArrayInputStream(s.wire()), out, store, d.token(), now);
        boolean decodable = s.applied().isEmpty() || JUDGED.contains(s.applied().get().defect());
        if (!decodable) {
            coverage.label("no ACK");
            var expected = s.applied().get().expected();
            PropertyAssertionError.check(outcome instanceof OfferOutcome.Malformed m && m.rejection().reason() == expected.reason(),
                    "malformed offer: wrong outcome", "expected Malformed(" + expected + "), got " + outcome);
            PropertyAssertionError.check(out.size() == 0, "OFFER-3: malformed offer answered",
                    "a malformed offer must get no ACK, but " + out.size() + " bytes were written");
            return;
        }
        PropertyAssertionError.check(outcome instanceof OfferOutcome.Answered, "OFFER-6: decodable offer not answered",
                "expected an answered offer, got " + outcome);
        OfferOutcome.Answered answered = (OfferOutcome.Answered) outcome;
        HandoffOffer offer = d.offer();
        HandoffAck ack = readAck(out.toByteArray(), offer.getCorrelationId());
        boolean accept = s.applied().isEmpty();
        coverage.label(accept ? "accepted" : "refused " + s.applied().get().expected().reason());
        PropertyAssertionError.check(ack.getToken().equals(offer.getToken()), "OFFER-6: token not echoed",
                "the ACK must echo the presented token bytes");
        PropertyAssertionError.check(ack.getCorrelationId() == offer.getCorrelationId(), "OFFER-6: correlation not echoed",
                "ACK correlation_id " + Long.toUnsignedString(ack.getCorrelationId()));
        PropertyAssertionError.check(ack.getAccepted() == accept && answered.accepted() == accept, "OFFER-7: accepted flag",
                "expected accepted=" + accept + ", ACK says " + ack.getAccepted() + ", outcome says " + answered.accepted());
        String expectedDetail = accept ? "" : s.applied().get().expected().detail().orElseThrow();
        PropertyAssertionError.check(accept ? ack.getErrorDetail().isEmpty() : ack.getErrorDetail().contains(expectedDetail),
                "OFFER-6: error_detail", "expected \"" + expectedDetail + "\", got \"" + ack.getErrorDetail() + "\"");
        // the token store afterwards: consumed once (TOKEN-5), a mismatch leaves it pending (TOKEN-4), expiry removes it (TOKEN-3)
        boolean pendingAfter = store.isPending(d.token());
        boolean expectPending = !accept && s.applied().get().defect() != Defect.TOKEN_EXPIRED
                && s.applied().get().defect() != Defect.TOKEN_NOT_PENDING;
        PropertyAssertionError.check(pendingAfter == expectPending, "token store state after the judgement",
                "expected token pending=" + expectPending + ", store says " + pendingAfter);
    }

    /** The one ACK frame the backend wrote: FRAMES-2 envelope, request_id = correlation id. */
    private static HandoffAck readAck(byte[] written, long correlationId) throws InvalidProtocolBufferException {
        ByteArrayInputStream in = new ByteArrayInputStream(written);
        Verdict<byte[]> body = FrameReader.read(in, Framing.MAX_FRAME_BYTES);
        PropertyAssertionError.check(body instanceof Verdict.Accepted<byte[]> && in.available() == 0, "OFFER-6: not one ACK frame",
                "the backend wrote " + written.length + " bytes that are not exactly one frame: " + body);
        Frame frame = Frame.parseFrom(((Verdict.Accepted<byte[]>) body).value());
        PropertyAssertionError.check(Envelope.validate(frame, FrameKind.FRAME_KIND_RESPONSE).isEmpty()
                        && frame.getRequestId() == correlationId && frame.getDeadlineUnixMs() == 0
                        && frame.getTraceparent().isEmpty() && frame.getTracestate().isEmpty(),
                "FRAMES-2: ACK envelope", "not an ACK frame for correlation id " + correlationId + ": " + frame);
        return HandoffAck.parseFrom(frame.getPayload());
    }
}
