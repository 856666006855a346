package io.handoffkit.client;

import io.handoffkit.proto.v1.Frame;
import io.handoffkit.proto.v1.FrameKind;
import io.handoffkit.proto.v1.HelloReply;
import io.handoffkit.wire.Decoding;
import io.handoffkit.wire.Envelope;
import io.handoffkit.wire.FrameReader;
import io.handoffkit.wire.Framing;
import io.handoffkit.wire.ReasonCode;
import io.handoffkit.wire.Verdict;
import java.io.InputStream;

/**
 * The client's read of the broker's answer to its Hello (NEG-1): frame, decode {@code Frame},
 * envelope with kind RESPONSE and the control plane's payload protocol, decode {@code HelloReply},
 * which must hold a result. Whether it negotiated, refused, and with what, is the caller's to judge.
 */
public final class HelloReplyCheck {

    private HelloReplyCheck() {}

    public static Verdict<HelloReply> read(InputStream in) {
        return FrameReader.read(in, Framing.MAX_FRAME_BYTES)
                .then(body -> Decoding.frame(body, "HelloReply"))
                .then(HelloReplyCheck::check);
    }

    public static Verdict<HelloReply> check(Frame frame) {
        var envelope = Envelope.validateControl(frame, FrameKind.FRAME_KIND_RESPONSE);
        if (envelope.isPresent()) {
            return Verdict.reject(envelope.get());
        }
        return Decoding.helloReply(frame.getPayload()).then(reply -> reply.getResultCase() == HelloReply.ResultCase.RESULT_NOT_SET
                ? Verdict.reject(ReasonCode.PAYLOAD_UNDECODABLE, "NEG-1", "the HelloReply holds neither negotiated nor refused")
                : Verdict.accept(reply));
    }
}
