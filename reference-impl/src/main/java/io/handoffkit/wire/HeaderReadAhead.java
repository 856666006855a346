package io.handoffkit.wire;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * Lets {@link FrameReader} take a frame's 5-byte header (framing byte and length) from a socket in
 * one receive instead of two: when the reader asks for the framing byte and nothing is buffered,
 * up to {@link Framing#HEADER_LENGTH} bytes are read and the rest is kept for the length that follows.
 *
 * <p>It never takes a byte past the frame from the stream below: the framing byte is the only
 * single-byte read {@code FrameReader} makes, it is made at a frame boundary, and every frame is at
 * least 5 bytes long. So after an accepted frame nothing is buffered, and the stream below can be
 * read directly again (the client's service bytes after the relay, the backend's next sideband
 * with its descriptor). After a bad framing byte up to 4 more bytes may have left the stream
 * below; they stay readable here, in order, so FRAME-9 holds for whoever keeps reading through
 * this stream, and a role that drops the stream on any rejection loses nothing.
 */
public final class HeaderReadAhead extends FilterInputStream {

    private final byte[] header = new byte[Framing.HEADER_LENGTH];
    private int position;
    private int limit;

    public HeaderReadAhead(InputStream in) {
        super(in);
    }

    @Override
    public int read() throws IOException {
        if (position == limit) {
            int n = in.read(header, 0, header.length);
            if (n <= 0) {
                return n < 0 ? -1 : in.read();
            }
            position = 0;
            limit = n;
        }
        return header[position++] & 0xFF;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (position == limit) {
            return in.read(b, off, len);
        }
        if (len == 0) {
            return 0;
        }
        int n = Math.min(len, limit - position);
        System.arraycopy(header, position, b, off, n);
        position += n;
        return n;
    }

    @Override
    public long skip(long n) throws IOException {
        if (position == limit) {
            return in.skip(n);
        }
        int skipped = (int) Math.min(Math.max(n, 0), limit - position);
        position += skipped;
        return skipped;
    }

    @Override
    public int available() throws IOException {
        return position < limit ? limit - position : in.available();
    }

    @Override
    public boolean markSupported() {
        return false;
    }

    @Override
    public synchronized void mark(int readlimit) {
        // not supported: the buffer only ever holds part of one header
    }

    @Override
    public synchronized void reset() throws IOException {
        throw new IOException("mark/reset not supported");
    }
}
