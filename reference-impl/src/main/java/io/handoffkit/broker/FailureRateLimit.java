package io.handoffkit.broker;

import java.time.Duration;

/**
 * How many failed handoffs one backend may cause within a sliding window before
 * further attempts fall back at once (POLICY-2). Zero values are clamped like the
 * other limits of the kit: a zero count to 1, a zero window to 1 ms.
 */
public record FailureRateLimit(int maxFailures, Duration window) {

    public static final int DEFAULT_MAX_FAILURES = 8;
    public static final Duration DEFAULT_WINDOW = Duration.ofSeconds(30);

    public FailureRateLimit {
        if (maxFailures < 0 || window.isNegative()) {
            throw new IllegalArgumentException("failure rate limits must not be negative");
        }
        maxFailures = Math.max(1, maxFailures);
        window = window.isZero() ? Duration.ofMillis(1) : window;
    }

    public static FailureRateLimit defaults() {
        return new FailureRateLimit(DEFAULT_MAX_FAILURES, DEFAULT_WINDOW);
    }

    /** No limit: every attempt is made however many failed before (upstream's serving broker keeps none, POLICY-1). */
    public static FailureRateLimit unlimited() {
        return new FailureRateLimit(Integer.MAX_VALUE, Duration.ofMillis(1));
    }
}
