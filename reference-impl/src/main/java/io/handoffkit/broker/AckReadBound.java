package io.handoffkit.broker;

import io.handoffkit.profile.Profile;
import io.handoffkit.time.Clock;
import io.handoffkit.wire.DeadlineInputStream;
import io.handoffkit.wire.DeadlineInputStream.ReadTimeout;
import java.io.IOException;
import java.io.InputStream;

/**
 * How the broker bounds its read of a backend's ACK, by profile. 4.6.2 reads under one absolute
 * deadline (ACK-7). 4.5.5 arms one receive timeout of the ACK deadline before reading and lets each
 * read wait that long, so a silent backend is cut off after it and a backend trickling bytes holds
 * the broker as long as it keeps trickling (ACK-9); the ACK is then judged late (ACK-6).
 */
public final class AckReadBound {

    private AckReadBound() {}

    /** {@code in}, bounded as {@code profile} bounds the ACK read; {@code timeout} arms the transport's receive timeout. */
    public static InputStream bound(Profile profile, InputStream in, Clock clock, long deadlineNanos, ReadTimeout timeout)
            throws IOException {
        if (profile.boundsAckReadsByDeadline()) {
            return new DeadlineInputStream(in, clock, deadlineNanos, timeout);
        }
        // the time left when the read starts is the ACK deadline upstream armed on the stream; rounded up,
        // since a 0 ms timeout means "forever"; a timed-out read is an ordinary I/O error (FRAME-7)
        long remaining = deadlineNanos - clock.nanos();
        timeout.set((int) Math.min(Integer.MAX_VALUE, Math.max(1, (remaining + 999_999) / 1_000_000)));
        return in;
    }
}
