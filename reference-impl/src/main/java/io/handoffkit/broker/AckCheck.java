package io.handoffkit.broker;

import io.handoffkit.proto.v1.Frame;
import io.handoffkit.proto.v1.FrameKind;
import io.handoffkit.proto.v1.HandoffAck;
import io.handoffkit.time.Clock;
import io.handoffkit.token.Token;
import io.handoffkit.wire.Decoding;
import io.handoffkit.wire.Envelope;
import io.handoffkit.wire.FrameReader;
import io.handoffkit.wire.Framing;
import io.handoffkit.wire.ReasonCode;
import io.handoffkit.wire.Verdict;
import java.io.InputStream;

/**
 * The broker's check of the backend's answer, in the fixed order of ACK-1:
 * frame, decode Frame, envelope (RESPONSE), frame request_id, decode
 * HandoffAck, ACK correlation id, token echo, accepted, deadline. Every
 * rejection is "ACK not observed": the broker abandons and falls back.
 */
public final class AckCheck {

    private AckCheck() {}

    public static Verdict<AckReceived> check(
            InputStream in, Token offered, long correlationId, long deadlineNanos, Clock clock) {
        Verdict<byte[]> body = FrameReader.read(in, Framing.MAX_FRAME_BYTES)
                .mapRejection(r -> r.withContext("failed to read HandoffAck frame: "));
        long observedAt = clock.nanos();
        return body.then(b -> Decoding.frame(b, "HandoffAck"))
                .then(frame -> check(frame, offered, correlationId, deadlineNanos, observedAt));
    }

    /** The checks after framing, for callers that already hold a decoded Frame and its observation instant. */
    public static Verdict<AckReceived> check(
            Frame frame, Token offered, long correlationId, long deadlineNanos, long observedAt) {
        var envelope = Envelope.validate(frame, FrameKind.FRAME_KIND_RESPONSE);
        if (envelope.isPresent()) {
            return Verdict.reject(envelope.get().withContext("unexpected HandoffAck frame: "));
        }
        if (frame.getRequestId() != correlationId) {
            return Verdict.reject(ReasonCode.ACK_FRAME_CORRELATION, "ACK-2",
                    "HandoffAck frame request_id " + Long.toUnsignedString(frame.getRequestId())
                            + " does not match correlation id " + Long.toUnsignedString(correlationId));
        }
        return Decoding.ack(frame.getPayload())
                .then(ack -> judge(frame, ack, offered, correlationId, deadlineNanos, observedAt));
    }

    private static Verdict<AckReceived> judge(
            Frame frame, HandoffAck ack, Token offered, long correlationId, long deadlineNanos, long observedAt) {
        if (ack.getCorrelationId() != correlationId) {
            return Verdict.reject(ReasonCode.ACK_CORRELATION, "ACK-3",
                    "HandoffAck correlation id " + Long.toUnsignedString(ack.getCorrelationId())
                            + " does not match offer correlation id " + Long.toUnsignedString(correlationId));
        }
        if (!offered.matches(ack.getToken())) {
            return Verdict.reject(ReasonCode.TOKEN_ECHO, "ACK-4",
                    "HandoffAck token echo does not match the offered token");
        }
        if (!ack.getAccepted()) {
            return Verdict.reject(ReasonCode.REFUSED, "ACK-5", Refusal.detail(ack));
        }
        if (observedAt - deadlineNanos > 0) {
            return Verdict.reject(ReasonCode.LATE, "ACK-6", "backend HandoffAck arrived after the ACK deadline");
        }
        return Verdict.accept(new AckReceived(frame, ack, observedAt));
    }
}
