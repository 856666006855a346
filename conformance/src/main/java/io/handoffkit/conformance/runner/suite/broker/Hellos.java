package io.handoffkit.conformance.runner.suite.broker;

import io.handoffkit.client.ClientHello;
import io.handoffkit.proto.v1.Frame;
import io.handoffkit.proto.v1.Hello;
import io.handoffkit.wire.ControlFrames;
import io.handoffkit.wire.FrameTooLargeException;
import io.handoffkit.wire.FrameWriter;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.function.UnaryOperator;

/** The Hellos the runner sends as a client (BPROFILE "How the runner plays"), valid and defective. */
public final class Hellos {

    /** The service the runner asks for ({@code {service}}, BPROFILE-2). */
    public static final String SERVICE = "echo";
    /** The frame {@code request_id} of the runner's Hellos; the reply echoes it (NEG-1). */
    public static final long REQUEST_ID = 0x5EED_0001L;

    private Hellos() {}

    /** The Hello of BPROFILE's runner, bit 0 set or not. */
    public static Hello hello(boolean handlePassing) {
        return ClientHello.of(SERVICE, "1.0.0", handlePassing);
    }

    /** A valid Hello frame, encoded. */
    public static byte[] valid(boolean handlePassing) {
        return frame(ControlFrames.hello(hello(handlePassing), REQUEST_ID));
    }

    /** A Hello frame with bit 0 whose Hello is changed by {@code change}. */
    public static byte[] withHello(UnaryOperator<Hello.Builder> change) {
        return frame(ControlFrames.hello(change.apply(hello(true).toBuilder()).build(), REQUEST_ID));
    }

    /** A Hello frame with bit 0 whose envelope is changed by {@code change}. */
    public static byte[] withFrame(UnaryOperator<Frame.Builder> change) {
        return frame(change.apply(ControlFrames.hello(hello(true), REQUEST_ID).toBuilder()).build());
    }

    /** {@code body} behind a v1 header. */
    public static byte[] framed(byte[] body) {
        ByteBuffer b = ByteBuffer.allocate(5 + body.length).order(ByteOrder.LITTLE_ENDIAN);
        return b.put((byte) 1).putInt(body.length).put(body).array();
    }

    static byte[] frame(Frame f) {
        try {
            return FrameWriter.encode(f);
        } catch (FrameTooLargeException e) {
            throw new IllegalStateException(e);
        }
    }
}
