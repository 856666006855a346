package io.handoffkit.fuzz.targets;

import static io.handoffkit.fuzz.oracle.OracleViolation.check;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import io.handoffkit.backend.OfferExchange;
import io.handoffkit.backend.OfferOutcome;
import io.handoffkit.backend.OfferReader;
import io.handoffkit.backend.OfferReceived;
import io.handoffkit.broker.AckCheck;
import io.handoffkit.broker.AckReceived;
import io.handoffkit.fuzz.oracle.AllocationMeter;
import io.handoffkit.fuzz.oracle.OracleViolation;
import io.handoffkit.fuzz.oracle.WireOracles;
import io.handoffkit.proto.v1.Frame;
import io.handoffkit.proto.v1.FrameKind;
import io.handoffkit.proto.v1.HandoffAck;
import io.handoffkit.proto.v1.HandoffOffer;
import io.handoffkit.time.ManualClock;
import io.handoffkit.token.Token;
import io.handoffkit.token.TokenStore;
import io.handoffkit.wire.FrameTooLargeException;
import io.handoffkit.wire.FrameWriter;
import io.handoffkit.wire.Framing;
import io.handoffkit.wire.HandoffFrames;
import io.handoffkit.wire.ReasonCode;
import io.handoffkit.wire.Rejection;
import io.handoffkit.wire.Verdict;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Optional;

/**
 * The backend's entry points: reading an offer (OFFER-1, OFFER-2) and the
 * whole serve step (read, judge the token against {@link Fixtures#TOKEN},
 * write the ACK to a buffer: OFFER-3..OFFER-6, TOKEN-2..TOKEN-5). The input is
 * the bytes on the handoff stream.
 */
public final class BackendTargets {

    private BackendTargets() {}

    // ---- offer read --------------------------------------------------------------------------------------------

    public static void offerRead(byte[] input) {
        ByteArrayInputStream in = new ByteArrayInputStream(input);
        Verdict<OfferReceived> verdict = AllocationMeter.bounded("OfferReader.read", input.length,
                () -> OfferReader.read(in), () -> OfferReader.read(new ByteArrayInputStream(input)));
        int consumed = input.length - in.available();
        if (verdict instanceof Verdict.Rejected<OfferReceived> r) {
            WireOracles.checkRejectionShape(r.rejection());
            WireOracles.checkConsumed(input, 0, consumed, Framing.MAX_FRAME_BYTES, r.rejection(), false);
            check(r.rejection().reason() != ReasonCode.IO, () -> "IO rejection from a byte array: " + r.rejection());
            return;
        }
        WireOracles.checkConsumed(input, 0, consumed, Framing.MAX_FRAME_BYTES, null, false);
        OfferReceived received = ((Verdict.Accepted<OfferReceived>) verdict).value();
        checkAcceptedOffer(received);
        reencodeOffer(received);
    }

    /** OFFER-1, OFFER-2: what an accepted offer must be. */
    static void checkAcceptedOffer(OfferReceived received) {
        WireOracles.checkAcceptedEnvelope(received.frame(), FrameKind.FRAME_KIND_REQUEST);
        check(received.frame().getRequestId() == received.offer().getCorrelationId(),
                () -> "accepted an offer whose frame request_id differs from its correlation_id (OFFER-2)");
        try {
            check(HandoffOffer.parseFrom(received.frame().getPayload()).equals(received.offer()),
                    () -> "the accepted offer is not the frame's payload");
        } catch (InvalidProtocolBufferException e) {
            throw new OracleViolation("accepted an offer whose payload does not decode", e);
        }
    }

    /** Every accepted offer re-encodes (as received, and canonically) to a frame accepted again with the same fields. */
    static void reencodeOffer(OfferReceived received) {
        OfferReceived again = readBack(encode(received.frame()), "the re-encoded offer frame");
        check(again.frame().equals(received.frame()) && again.offer().equals(received.offer()),
                () -> "a re-encoded offer decodes to other fields: " + again.offer() + " vs " + received.offer());
        OfferReceived canonical = readBack(encode(HandoffFrames.offer(received.offer())), "the canonical offer frame");
        check(canonical.offer().equals(received.offer())
                        && canonical.frame().getRequestId() == received.frame().getRequestId(),
                () -> "the canonical re-encoding of an accepted offer decodes to other fields");
    }

    private static OfferReceived readBack(byte[] wire, String what) {
        ByteArrayInputStream in = new ByteArrayInputStream(wire);
        Verdict<OfferReceived> v = OfferReader.read(in);
        check(v instanceof Verdict.Accepted<OfferReceived> && in.available() == 0, () -> what + " is not accepted again: " + v);
        return ((Verdict.Accepted<OfferReceived>) v).value();
    }

    static byte[] encode(Frame frame) {
        try {
            return FrameWriter.encode(frame);
        } catch (FrameTooLargeException e) {
            throw new OracleViolation("a frame read within the cap re-encodes over the cap", e);
        }
    }

    // ---- serve step --------------------------------------------------------------------------------------------

    /** One serve step: its outcome, the bytes it wrote, and the store it judged against. */
    record Served(OfferOutcome outcome, byte[] written, TokenStore store) {}

    private static Served serveOnce(byte[] input, TokenStore store) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            OfferOutcome outcome = OfferExchange.serve(new ByteArrayInputStream(input), out, store, Fixtures.TOKEN, 0);
            return new Served(outcome, out.toByteArray(), store);
        } catch (IOException e) {
            // a checked I/O failure is an allowed outcome, but writing to a byte array cannot fail
            throw new OracleViolation("the serve step failed writing to a byte array", e);
        }
    }

    public static void offerServe(byte[] input) {
        TokenStore store = Fixtures.storeExpectingToken();
        Served first = AllocationMeter.bounded("OfferExchange.serve", input.length,
                () -> serveOnce(input, store), () -> serveOnce(input, Fixtures.storeExpectingToken()));
        checkServed(input, first, true);
        // the same offer again on the same store: an accepted token is consumed exactly once (TOKEN-5)
        boolean pendingBefore = store.isPending(Fixtures.TOKEN);
        Served second = serveOnce(input, store);
        checkServed(input, second, pendingBefore);
        checkReplay(first, second);
    }

    private static void checkServed(byte[] input, Served s, boolean tokenWasPending) {
        if (s.outcome() instanceof OfferOutcome.Malformed m) {
            WireOracles.checkRejectionShape(m.rejection());
            check(s.written().length == 0, () -> "a malformed offer was answered (OFFER-3): " + m.rejection());
            check(s.store().isPending(Fixtures.TOKEN) == tokenWasPending,
                    () -> "a malformed offer changed the token store (OFFER-3)");
            Verdict<OfferReceived> read = OfferReader.read(new ByteArrayInputStream(input));
            check(read instanceof Verdict.Rejected<OfferReceived> r && r.rejection().equals(m.rejection()),
                    () -> "serve and OfferReader disagree: " + m.rejection() + " vs " + read);
            return;
        }
        OfferOutcome.Answered a = (OfferOutcome.Answered) s.outcome();
        checkAcceptedOffer(a.offer());
        HandoffOffer offer = a.offer().offer();
        ByteString presented = offer.getToken();
        a.judgement().ifPresent(WireOracles::checkRejectionShape);
        // OFFER-6: the ACK echoes the presented token and the correlation id, and says what the judgement said
        HandoffAck ack = a.ack();
        check(ack.getToken().equals(presented) && ack.getCorrelationId() == offer.getCorrelationId()
                        && ack.getAccepted() == a.judgement().isEmpty()
                        && ack.getErrorDetail().equals(a.judgement().map(Rejection::detail).orElse("")),
                () -> "the ACK does not echo the offer and the judgement (OFFER-6): " + ack + " for " + a.judgement());
        // the judgement follows OFFER-4, OFFER-5, TOKEN-2..TOKEN-5
        ReasonCode expected = presented.isEmpty() ? ReasonCode.TOKEN_MISSING
                : presented.size() != Token.LENGTH ? ReasonCode.TOKEN_LENGTH
                : !tokenWasPending ? ReasonCode.TOKEN_NOT_PENDING
                : !Fixtures.TOKEN.matches(presented) ? ReasonCode.TOKEN_MISMATCH
                : null;
        check(a.judgement().map(Rejection::reason).orElse(null) == expected,
                () -> "token judgement " + a.judgement() + ", the spec says " + (expected == null ? "accepted" : expected));
        boolean consumed = a.accepted();
        check(s.store().isPending(Fixtures.TOKEN) == (tokenWasPending && !consumed),
                () -> "after judgement " + a.judgement() + " the expected token is "
                        + (s.store().isPending(Fixtures.TOKEN) ? "" : "not ") + "pending");
        // exactly one ACK frame was written, and the broker that offered TOKEN reads it as the spec says
        ByteArrayInputStream written = new ByteArrayInputStream(s.written());
        Verdict<AckReceived> broker = AckCheck.check(written, Fixtures.TOKEN, offer.getCorrelationId(),
                Long.MAX_VALUE / 2, new ManualClock(0));
        check(written.available() == 0, () -> "the serve step wrote more than one frame");
        if (consumed) {
            check(broker instanceof Verdict.Accepted<AckReceived> r && r.value().ack().equals(ack),
                    () -> "the broker rejects the ACK of an accepted handoff: " + broker);
        } else {
            ReasonCode brokerSays = Fixtures.TOKEN.matches(presented) ? ReasonCode.REFUSED : ReasonCode.TOKEN_ECHO;
            check(broker instanceof Verdict.Rejected<AckReceived> r && r.rejection().reason() == brokerSays,
                    () -> "the broker reads the ACK of a refused handoff as " + broker + ", expected " + brokerSays);
        }
    }

    private static void checkReplay(Served first, Served second) {
        if (first.outcome() instanceof OfferOutcome.Malformed m1) {
            check(second.outcome() instanceof OfferOutcome.Malformed m2 && m2.rejection().equals(m1.rejection()),
                    () -> "the same malformed offer was judged differently the second time");
            return;
        }
        OfferOutcome.Answered a1 = (OfferOutcome.Answered) first.outcome();
        check(second.outcome() instanceof OfferOutcome.Answered, () -> "the same offer became malformed the second time");
        OfferOutcome.Answered a2 = (OfferOutcome.Answered) second.outcome();
        Optional<ReasonCode> r2 = a2.judgement().map(Rejection::reason);
        if (a1.accepted()) {
            check(r2.equals(Optional.of(ReasonCode.TOKEN_NOT_PENDING)),
                    () -> "a token was accepted twice (TOKEN-5): the replay got " + a2.judgement());
        } else {
            check(r2.equals(a1.judgement().map(Rejection::reason)),
                    () -> "a refused offer was judged differently the second time: " + a1.judgement() + " then " + a2.judgement());
        }
    }
}
