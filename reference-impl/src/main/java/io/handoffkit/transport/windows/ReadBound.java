package io.handoffkit.transport.windows;

import io.handoffkit.time.Clock;
import java.io.InputStream;
import java.util.Objects;

/**
 * How a stream channel bounds the reads of one ACK by its absolute deadline (ACK-7). A socket
 * would hand the remaining time to its read timeout ({@code io.handoffkit.wire.DeadlineInputStream});
 * a synchronous Windows pipe handle has no read timeout, so {@link #polling} waits for readiness
 * and then reads only what is there.
 */
@FunctionalInterface
public interface ReadBound {

    /** {@code in}, but every read fails as {@code IO} once {@code deadlineNanos} (clock nanos) has passed. */
    InputStream until(InputStream in, long deadlineNanos);

    /** Poll {@code readiness}, then read only what is available (Windows pipes). */
    static ReadBound polling(Readiness readiness, Clock clock) {
        Objects.requireNonNull(readiness, "readiness");
        Objects.requireNonNull(clock, "clock");
        return (in, deadline) -> new PollingDeadlineInputStream(in, readiness, clock, deadline);
    }
}
