package io.handoffkit.ack;

import java.time.Duration;

/**
 * How long the broker waits for a backend's HandoffAck (REG-1). A zero deadline
 * is clamped to 1 ms, as upstream clamps it, so a zero in a configuration does
 * not turn every handoff into a timeout.
 */
public record AckRegistryLimits(Duration ackDeadline) {

    public static final Duration DEFAULT_ACK_DEADLINE = Duration.ofSeconds(5);

    public AckRegistryLimits {
        if (ackDeadline.isNegative()) {
            throw new IllegalArgumentException("the ACK deadline must not be negative");
        }
        ackDeadline = ackDeadline.isZero() ? Duration.ofMillis(1) : ackDeadline;
    }

    public static AckRegistryLimits defaults() {
        return new AckRegistryLimits(DEFAULT_ACK_DEADLINE);
    }
}
