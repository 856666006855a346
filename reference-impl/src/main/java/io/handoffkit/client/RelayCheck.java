package io.handoffkit.client;

import io.handoffkit.broker.Refusal;
import io.handoffkit.proto.v1.Frame;
import io.handoffkit.proto.v1.FrameKind;
import io.handoffkit.proto.v1.HandoffAck;
import io.handoffkit.token.Token;
import io.handoffkit.wire.Decoding;
import io.handoffkit.wire.Envelope;
import io.handoffkit.wire.FrameReader;
import io.handoffkit.wire.Framing;
import io.handoffkit.wire.ReasonCode;
import io.handoffkit.wire.Verdict;
import java.io.InputStream;

/**
 * The client's check of the handoff-ready relay on its Hello connection, in
 * the order of RELAY-1: frame, decode Frame, envelope (EVENT), decode
 * HandoffAck, token echo, accepted. The correlation id is not checked
 * (RELAY-4). Any rejection means: reconnect through backend_pipe (RELAY-5).
 */
public final class RelayCheck {

    private RelayCheck() {}

    public static Verdict<HandoffAck> check(InputStream in, Token negotiated) {
        return FrameReader.read(in, Framing.MAX_FRAME_BYTES)
                .then(body -> Decoding.frame(body, "handoff-ready"))
                .then(frame -> check(frame, negotiated));
    }

    public static Verdict<HandoffAck> check(Frame frame, Token negotiated) {
        var envelope = Envelope.validate(frame, FrameKind.FRAME_KIND_EVENT);
        if (envelope.isPresent()) {
            return Verdict.reject(envelope.get());
        }
        return Decoding.ack(frame.getPayload()).then(ack -> judge(ack, negotiated));
    }

    private static Verdict<HandoffAck> judge(HandoffAck ack, Token negotiated) {
        if (!negotiated.matches(ack.getToken())) {
            return Verdict.reject(ReasonCode.TOKEN_ECHO, "RELAY-2",
                    "handoff-ready token echo does not match the negotiated handle_passed_token");
        }
        if (!ack.getAccepted()) {
            return Verdict.reject(ReasonCode.REFUSED, "RELAY-3", Refusal.detail(ack));
        }
        return Verdict.accept(ack);
    }
}
