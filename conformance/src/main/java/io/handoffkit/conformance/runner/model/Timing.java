package io.handoffkit.conformance.runner.model;

import java.time.Duration;
import java.util.Objects;

/**
 * The runner's time bounds.
 *
 * @param ackTimeout how long a complete offer may wait for its answer (an ACK, or the connection closed)
 *     and adopted probe bytes for their echo
 * @param idleBound how long a backend may keep a handoff connection whose sideband or offer is
 *     incomplete (PROFILE-6, SHOULD); the runner allows {@link #GRACE} on top
 * @param closeBound how long the runner waits for a probe to cross a connection, or for end of
 *     stream once only the backend could still hold a copy
 * @param trickleInterval the pause between the bytes of a trickled offer
 */
public record Timing(Duration ackTimeout, Duration idleBound, Duration closeBound, Duration trickleInterval) {

    /** Slack on top of the idle bound: scheduling, the backend's own timer granularity. */
    public static final Duration GRACE = Duration.ofMillis(250);

    public static final Timing DEFAULTS = new Timing(Duration.ofSeconds(2), Duration.ofSeconds(5), Duration.ofSeconds(1), Duration.ofMillis(100));

    public Timing {
        Objects.requireNonNull(ackTimeout, "ackTimeout");
        Objects.requireNonNull(idleBound, "idleBound");
        Objects.requireNonNull(closeBound, "closeBound");
        Objects.requireNonNull(trickleInterval, "trickleInterval");
        for (Duration d : new Duration[] {ackTimeout, idleBound, closeBound, trickleInterval}) {
            if (d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException("time bounds must be positive");
            }
        }
    }

    public Timing withIdleBound(Duration d) {
        return new Timing(ackTimeout, d, closeBound, trickleInterval);
    }

    public Timing withAckTimeout(Duration d) {
        return new Timing(d, idleBound, closeBound, trickleInterval);
    }

    public Timing withCloseBound(Duration d) {
        return new Timing(ackTimeout, idleBound, d, trickleInterval);
    }

    /** The longest a backend may take to drop an incomplete handoff before the SHOULD case fails. */
    public Duration idleLimit() {
        return idleBound.plus(GRACE);
    }
}
