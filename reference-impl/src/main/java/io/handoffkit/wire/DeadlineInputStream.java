package io.handoffkit.wire;

import io.handoffkit.time.Clock;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.SocketTimeoutException;

/**
 * Bounds every read of a frame by one absolute deadline (ACK-7): before each
 * read the remaining time is handed to the transport as its read timeout, so
 * a silent peer is abandoned at the deadline and a trickling peer cannot
 * extend it by sending one byte at a time.
 */
public final class DeadlineInputStream extends FilterInputStream {

    /** How the transport bounds one blocking read, e.g. {@code socket::setSoTimeout}. */
    @FunctionalInterface
    public interface ReadTimeout {
        void set(int millis) throws IOException;
    }

    private final Clock clock;
    private final long deadlineNanos;
    private final ReadTimeout timeout;

    public DeadlineInputStream(InputStream in, Clock clock, long deadlineNanos, ReadTimeout timeout) {
        super(in);
        this.clock = clock;
        this.deadlineNanos = deadlineNanos;
        this.timeout = timeout;
    }

    @Override
    public int read() throws IOException {
        armTimeout();
        try {
            return super.read();
        } catch (SocketTimeoutException e) {
            throw new DeadlineExceededException();
        }
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        armTimeout();
        try {
            return super.read(b, off, len);
        } catch (SocketTimeoutException e) {
            throw new DeadlineExceededException();
        }
    }

    private void armTimeout() throws IOException {
        long remaining = deadlineNanos - clock.nanos();
        if (remaining <= 0) {
            throw new DeadlineExceededException();
        }
        // round up: a 0 ms socket timeout would mean "wait forever"
        timeout.set((int) Math.min(Integer.MAX_VALUE, Math.max(1, (remaining + 999_999) / 1_000_000)));
    }
}
