package io.handoffkit.transport.windows;

import io.handoffkit.time.Clock;
import io.handoffkit.wire.DeadlineExceededException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Bounds every read by one absolute deadline (ACK-7) for streams that cannot be given a read
 * timeout: before each read it polls {@link Readiness} until bytes are available, and then
 * reads no more than are available, so the read itself never blocks. A silent peer is given up
 * at the deadline; a peer trickling one byte at a time cannot extend it, because the deadline is
 * absolute. Nothing is buffered here, so bytes after the frame stay in the stream (FRAME-9).
 */
public final class PollingDeadlineInputStream extends FilterInputStream {

    /** The first pause between polls; it doubles up to {@link #MAX_PAUSE_NANOS}. */
    static final long MIN_PAUSE_NANOS = TimeUnit.MICROSECONDS.toNanos(20);
    /** The longest pause between polls: how late past arrival (or the deadline) a read may notice. */
    static final long MAX_PAUSE_NANOS = TimeUnit.MILLISECONDS.toNanos(1);

    private final Readiness readiness;
    private final Clock clock;
    private final long deadlineNanos;

    public PollingDeadlineInputStream(InputStream in, Readiness readiness, Clock clock, long deadlineNanos) {
        super(Objects.requireNonNull(in, "in"));
        this.readiness = Objects.requireNonNull(readiness, "readiness");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.deadlineNanos = deadlineNanos;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xFF;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        Objects.checkFromIndexSize(off, len, b.length);
        if (len == 0) {
            return 0;
        }
        long pause = MIN_PAUSE_NANOS;
        while (true) {
            long remaining = deadlineNanos - clock.nanos();
            if (remaining <= 0) {
                throw new DeadlineExceededException();
            }
            int available = readiness.poll();
            if (available < 0) {
                return in.read(b, off, len); // end of stream or an error: neither blocks
            }
            if (available > 0) {
                return in.read(b, off, Math.min(len, available));
            }
            LockSupport.parkNanos(Math.min(pause, remaining));
            pause = Math.min(pause * 2, MAX_PAUSE_NANOS);
        }
    }

    @Override
    public long skip(long n) throws IOException {
        throw new IOException("skip is not bounded by the deadline; read instead");
    }

    @Override
    public boolean markSupported() {
        return false;
    }
}
