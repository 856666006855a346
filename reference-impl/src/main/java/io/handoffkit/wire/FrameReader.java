package io.handoffkit.wire;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * Reads exactly one frame body from a blocking stream: framing byte, length,
 * cap, body. Bytes after the frame are left unread for the next one (FRAME-9).
 * The buffer grows as bytes arrive, so a header that claims 16 MiB followed
 * by silence costs one small chunk, not 16 MiB (FRAME-8).
 */
public final class FrameReader {

    /** First allocation for a body; doubled as bytes actually arrive. */
    static final int INITIAL_CHUNK = 8 * 1024;
    /** What {@link InputStream#read(byte[], int, int)} returns at the end, and only there: a read of len &gt; 0 returns at least one byte otherwise. */
    private static final int END_OF_STREAM = -1;

    private FrameReader() {}

    public static Verdict<byte[]> read(InputStream in, int cap) {
        try {
            return readOrThrow(in, cap);
        } catch (IOException e) {
            return Verdict.reject(ReasonCode.IO, "FRAME-7", "I/O error: " + describe(e));
        }
    }

    private static Verdict<byte[]> readOrThrow(InputStream in, int cap) throws IOException {
        int framing = in.read();
        if (framing < 0) {
            return Verdict.reject(ReasonCode.TRUNCATED_FRAMING_BYTE, "FRAME-6",
                    "unexpected EOF while reading the framing byte");
        }
        if (framing != Framing.FRAMING_VERSION) {
            return Verdict.reject(ReasonCode.FRAMING_VERSION, "FRAME-1",
                    "unsupported framing version: got " + framing + ", expected " + Framing.FRAMING_VERSION);
        }
        byte[] header = new byte[4];
        if (readFully(in, header, 0, 4) < 4) {
            return Verdict.reject(ReasonCode.TRUNCATED_LENGTH, "FRAME-6",
                    "unexpected EOF while reading the body length header");
        }
        long length = (header[0] & 0xFFL) | (header[1] & 0xFFL) << 8 | (header[2] & 0xFFL) << 16 | (header[3] & 0xFFL) << 24;
        if (length > cap) {
            return Verdict.reject(ReasonCode.FRAME_TOO_LARGE, "FRAME-2",
                    "frame too large: " + length + " bytes exceeds the cap of " + cap + " bytes");
        }
        int size = (int) length;
        byte[] body = new byte[Math.min(size, INITIAL_CHUNK)];
        int filled = 0;
        while (filled < size) {
            if (filled == body.length) {
                body = Arrays.copyOf(body, (int) Math.min((long) body.length * 2, size));
            }
            int n = in.read(body, filled, body.length - filled);
            if (n == END_OF_STREAM) {
                return Verdict.reject(ReasonCode.TRUNCATED_BODY, "FRAME-6",
                        "unexpected EOF while reading the frame body (" + filled + " of " + size + " bytes)");
            }
            filled += n;
        }
        return Verdict.accept(body);
    }

    private static int readFully(InputStream in, byte[] b, int off, int len) throws IOException {
        int filled = 0;
        while (filled < len) {
            int n = in.read(b, off + filled, len - filled);
            if (n == END_OF_STREAM) {
                break;
            }
            filled += n;
        }
        return filled;
    }

    private static String describe(IOException e) {
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }
}
