package io.handoffkit.conformance.verdict;

import com.google.protobuf.ByteString;
import io.handoffkit.backend.OfferReader;
import io.handoffkit.backend.OfferReceived;
import io.handoffkit.backend.TokenJudgement;
import io.handoffkit.broker.AckCheck;
import io.handoffkit.client.RelayCheck;
import io.handoffkit.proto.v1.Frame;
import io.handoffkit.proto.v1.HandoffAck;
import io.handoffkit.proto.v1.HandoffOffer;
import io.handoffkit.token.Token;
import io.handoffkit.token.TokenStore;
import io.handoffkit.token.TokenStoreLimits;
import io.handoffkit.wire.Decoding;
import io.handoffkit.wire.FrameReader;
import io.handoffkit.wire.Framing;
import io.handoffkit.wire.Rejection;
import io.handoffkit.wire.Verdict;
import java.io.ByteArrayInputStream;
import java.math.BigInteger;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Runs the reference's own checks for one role over one byte string. Nothing
 * here judges: it only feeds the reference and reports what it decided, so
 * the CLI, the vectors and the runner all see the single reference verdict.
 */
public final class RoleEvaluator {

    /** Missing inputs are filled with a token nobody offered, so a token check fails rather than crashes. */
    static final Token ABSENT_TOKEN = Token.fromHex("00".repeat(Token.LENGTH));
    private static final long NOW = 0;
    /** far enough that no ACK is late unless the caller says the deadline has passed */
    private static final long FAR_FUTURE = Long.MAX_VALUE / 2;

    private RoleEvaluator() {}

    public static RoleVerdict evaluate(Role role, byte[] wire, RoleInputs inputs) {
        ByteArrayInputStream in = new ByteArrayInputStream(wire);
        Verdict<byte[]> body = FrameReader.read(in, Framing.MAX_FRAME_BYTES);
        int consumed = wire.length - in.available();
        Map<String, Object> decoded = new LinkedHashMap<>();
        Verdict<Frame> frame = body.then(b -> Decoding.frame(b, carrying(role)));
        if (frame instanceof Verdict.Accepted<Frame> a) {
            describeFrame(role, a.value(), decoded);
        }
        Optional<Rejection> rejection = frame.then(f -> check(role, f, inputs)) instanceof Verdict.Rejected<?> r
                ? Optional.of(r.rejection())
                : Optional.empty();
        return new RoleVerdict(rejection, consumed, decoded);
    }

    private static String carrying(Role role) {
        return switch (role) {
            case BACKEND_OFFER -> "HandoffOffer";
            case BROKER_ACK -> "HandoffAck";
            case CLIENT_RELAY -> "handoff-ready";
        };
    }

    private static Verdict<?> check(Role role, Frame frame, RoleInputs inputs) {
        Token token = inputs.token().orElse(ABSENT_TOKEN);
        return switch (role) {
            case BACKEND_OFFER -> OfferReader.check(frame).then(offer -> judged(offer, inputs));
            case BROKER_ACK -> AckCheck.check(frame, token, inputs.correlationId(), inputs.deadlinePassed() ? NOW - 1 : FAR_FUTURE, NOW);
            case CLIENT_RELAY -> RelayCheck.check(frame, token);
        };
    }

    /** Without an expected token only the offer is read; with one, the token is judged too. */
    private static Verdict<OfferReceived> judged(OfferReceived offer, RoleInputs inputs) {
        if (inputs.expectedToken().isEmpty()) {
            return Verdict.accept(offer);
        }
        Token expected = inputs.expectedToken().get();
        TokenStore store = new TokenStore(TokenStoreLimits.defaults());
        long ttl = store.limits().ttl().toNanos();
        store.register(expected, NOW);
        long judgedAt = NOW;
        switch (inputs.expectedTokenState()) {
            case CONSUMED -> store.consumeMatching(expected, expected, NOW);
            case EXPIRED -> judgedAt = NOW + ttl + 1;
            case PENDING -> { }
        }
        Optional<Rejection> judgement = TokenJudgement.judge(store, expected, offer.offer().getToken(), judgedAt);
        return judgement.<Verdict<OfferReceived>>map(Verdict::reject).orElseGet(() -> Verdict.accept(offer));
    }

    private static void describeFrame(Role role, Frame f, Map<String, Object> out) {
        out.put("envelope_version", Integer.toUnsignedLong(f.getEnvelopeVersion()));
        out.put("kind", f.getKindValue());
        out.put("payload_protocol", Integer.toUnsignedLong(f.getPayloadProtocol()));
        out.put("request_id", unsigned(f.getRequestId()));
        out.put("payload_encoding", f.getPayloadEncodingValue());
        out.put("deadline_unix_ms", unsigned(f.getDeadlineUnixMs()));
        out.put("traceparent", f.getTraceparent());
        out.put("tracestate", f.getTracestate());
        out.put("payload_hex", hex(f.getPayload()));
        if (role == Role.BACKEND_OFFER) {
            if (Decoding.offer(f.getPayload()) instanceof Verdict.Accepted<HandoffOffer> o) {
                Map<String, Object> offer = new LinkedHashMap<>();
                offer.put("handle_value", unsigned(o.value().getHandleValue()));
                offer.put("token_hex", hex(o.value().getToken()));
                offer.put("service_name", o.value().getServiceName());
                offer.put("correlation_id", unsigned(o.value().getCorrelationId()));
                out.put("offer", offer);
            }
        } else if (Decoding.ack(f.getPayload()) instanceof Verdict.Accepted<HandoffAck> a) {
            Map<String, Object> ack = new LinkedHashMap<>();
            ack.put("token_hex", hex(a.value().getToken()));
            ack.put("accepted", a.value().getAccepted());
            ack.put("error_detail", a.value().getErrorDetail());
            ack.put("correlation_id", unsigned(a.value().getCorrelationId()));
            out.put("ack", ack);
        }
    }

    private static BigInteger unsigned(long value) {
        return new BigInteger(Long.toUnsignedString(value));
    }

    private static String hex(ByteString bytes) {
        return HexFormat.of().formatHex(bytes.toByteArray());
    }
}
