package io.handoffkit.wire;

import io.handoffkit.proto.v1.Frame;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Arrays;

/** Writes frames: refuses a body over the cap, writes header and body, then flushes (FRAME-10). */
public final class FrameWriter {

    private FrameWriter() {}

    public static void write(OutputStream out, Frame frame) throws IOException {
        writeBody(out, frame.toByteArray());
    }

    public static void writeBody(OutputStream out, byte[] body) throws IOException {
        // one write: on an unbuffered socket, header and body leave in one syscall
        out.write(framed(body));
        out.flush();
    }

    /** The wire bytes of one frame (header + body). */
    public static byte[] encode(Frame frame) throws FrameTooLargeException {
        return framed(frame.toByteArray());
    }

    private static byte[] framed(byte[] body) throws FrameTooLargeException {
        byte[] wire = Arrays.copyOf(header(body.length), Framing.HEADER_LENGTH + body.length);
        System.arraycopy(body, 0, wire, Framing.HEADER_LENGTH, body.length);
        return wire;
    }

    private static byte[] header(int length) throws FrameTooLargeException {
        if (length > Framing.MAX_FRAME_BYTES) {
            throw new FrameTooLargeException(length, Framing.MAX_FRAME_BYTES);
        }
        return new byte[] {
            (byte) Framing.FRAMING_VERSION,
            (byte) length, (byte) (length >>> 8), (byte) (length >>> 16), (byte) (length >>> 24)
        };
    }
}
