package io.handoffkit.fuzz.oracle;

import java.io.IOException;
import java.io.InputStream;
import java.util.Objects;

/**
 * A blocking stream over fixed bytes that behaves like a socket can: each read
 * returns at most {@code maxChunk} bytes (0 = as many as asked), and the read
 * that reaches offset {@code failAt} throws an {@link IOException} (-1 =
 * never), as a reset connection does. It remembers its position and whether it
 * failed, so an oracle can tell what the reader consumed and why it stopped.
 */
public final class ScriptedInputStream extends InputStream {

    private final byte[] data;
    private final int maxChunk;
    private final int failAt;
    private int position;
    private boolean failed;

    public ScriptedInputStream(byte[] data, int maxChunk, int failAt) {
        this.data = Objects.requireNonNull(data, "data");
        this.maxChunk = maxChunk;
        this.failAt = failAt;
    }

    public static ScriptedInputStream of(byte[] data) {
        return new ScriptedInputStream(data, 0, -1);
    }

    public int position() {
        return position;
    }

    public boolean failed() {
        return failed;
    }

    public int length() {
        return data.length;
    }

    private void failIfDue() throws IOException {
        if (failAt >= 0 && position >= failAt) {
            failed = true;
            throw new IOException("connection reset (injected at byte " + position + ")");
        }
    }

    @Override
    public int read() throws IOException {
        failIfDue();
        if (position >= data.length) {
            return -1;
        }
        return data[position++] & 0xFF;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        Objects.checkFromIndexSize(off, len, b.length);
        if (len == 0) {
            return 0;
        }
        failIfDue();
        if (position >= data.length) {
            return -1;
        }
        int n = Math.min(len, data.length - position);
        if (maxChunk > 0) {
            n = Math.min(n, maxChunk);
        }
        if (failAt >= 0) {
            n = Math.min(n, failAt - position);
        }
        System.arraycopy(data, position, b, off, n);
        position += n;
        return n;
    }

    @Override
    public int available() {
        return Math.max(0, data.length - position);
    }
}
