package io.handoffkit.wire;

import io.handoffkit.proto.v1.Frame;
import io.handoffkit.proto.v1.FrameKind;
import io.handoffkit.proto.v1.Hello;
import io.handoffkit.proto.v1.HelloReply;
import java.util.Optional;

/**
 * Builders for the two control-plane frames that precede a handoff: the client's Hello (HELLO-1)
 * and the broker's reply (NEG-1). Payload protocol 0x0000, otherwise the v1 envelope of every frame.
 */
public final class ControlFrames {

    private ControlFrames() {}

    /** Client to broker: kind REQUEST carrying a Hello; the reply will echo {@code requestId}. */
    public static Frame hello(Hello hello, long requestId) {
        return Envelope.frame(FrameKind.FRAME_KIND_REQUEST, Envelope.CONTROL_PAYLOAD_PROTOCOL, hello.toByteString(), requestId).build();
    }

    /**
     * Broker to client: kind RESPONSE carrying a HelloReply, with the request id and trace context
     * of the Hello frame it answers, or 0 and none when the Hello never decoded as a frame.
     */
    public static Frame reply(HelloReply reply, Optional<Frame> hello) {
        Frame.Builder frame = Envelope.frame(FrameKind.FRAME_KIND_RESPONSE, Envelope.CONTROL_PAYLOAD_PROTOCOL, reply.toByteString(),
                hello.map(Frame::getRequestId).orElse(0L));
        hello.ifPresent(h -> frame.setTraceparent(h.getTraceparent()).setTracestate(h.getTracestate()));
        return frame.build();
    }
}
