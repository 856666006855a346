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
 *
 * <p>A single read timeout is never armed for more than {@link #MAX_SLICE_MILLIS}:
 * Linux expires a long {@code SO_RCVTIMEO} on a coarse timer-wheel level (measured
 * here: 300 ms fires after ~320 ms, 5 s after ~5.12 s), so a long wait is armed in
 * short slices, each precise to a scheduler tick. A timeout that ends before the
 * deadline (a slice, or a jiffy-based timer firing up to one tick early) is simply
 * waited again: the read fails at the deadline, never before it.
 */
public final class DeadlineInputStream extends FilterInputStream {

    /** How the transport bounds one blocking read, e.g. {@code socket::setSoTimeout}. */
    @FunctionalInterface
    public interface ReadTimeout {
        void set(int millis) throws IOException;

        /**
         * This timeout, skipping a value the socket already has (each one is a {@code setsockopt}).
         * A stream remembers on its own; share one across the streams that read one socket in turn.
         */
        static Remembered remembered(ReadTimeout timeout) {
            return timeout instanceof Remembered r ? r : new Remembered(timeout);
        }
    }

    /** A {@link ReadTimeout} that knows the value it last armed. */
    public static final class Remembered implements ReadTimeout {
        private final ReadTimeout timeout;
        private int armedMillis = -1;

        private Remembered(ReadTimeout timeout) {
            this.timeout = timeout;
        }

        @Override
        public void set(int millis) throws IOException {
            if (millis != armedMillis) {
                timeout.set(millis);
                armedMillis = millis;
            }
        }
    }

    /** The longest read timeout armed at once; short enough to stay on the kernel's finest timer level. */
    public static final int MAX_SLICE_MILLIS = 100;

    private final Clock clock;
    private final long deadlineNanos;
    private final Remembered timeout;

    public DeadlineInputStream(InputStream in, Clock clock, long deadlineNanos, ReadTimeout timeout) {
        super(in);
        this.clock = clock;
        this.deadlineNanos = deadlineNanos;
        this.timeout = ReadTimeout.remembered(timeout);
    }

    @Override
    public int read() throws IOException {
        while (true) {
            long armedAt = armTimeout();
            try {
                return super.read();
            } catch (SocketTimeoutException e) {
                waitAgainOrGiveUp(armedAt);
            }
        }
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        while (true) {
            long armedAt = armTimeout();
            try {
                return super.read(b, off, len);
            } catch (SocketTimeoutException e) {
                waitAgainOrGiveUp(armedAt);
            }
        }
    }

    /** Arms the time left, at most one slice; returns the instant it was armed. */
    private long armTimeout() throws IOException {
        long now = clock.nanos();
        long remaining = deadlineNanos - now;
        if (remaining <= 0) {
            throw new DeadlineExceededException();
        }
        // round up: a 0 ms socket timeout would mean "wait forever"
        int millis = (int) Math.min(MAX_SLICE_MILLIS, Math.max(1, (remaining + 999_999) / 1_000_000));
        timeout.set(millis);
        return now;
    }

    /**
     * The timeout ran out: wait again (the next {@link #armTimeout} gives up once the deadline has passed). A
     * timeout that took no time on the clock is believed: waiting again would spin.
     */
    private void waitAgainOrGiveUp(long armedAt) throws DeadlineExceededException {
        if (clock.nanos() == armedAt) {
            throw new DeadlineExceededException();
        }
    }
}
