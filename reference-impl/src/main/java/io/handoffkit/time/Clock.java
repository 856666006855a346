package io.handoffkit.time;

/**
 * A monotonic clock in nanoseconds. Injected everywhere a deadline or a TTL
 * is judged, so tests move time instead of sleeping.
 */
@FunctionalInterface
public interface Clock {

    /** Monotonic nanoseconds; only differences are meaningful. */
    long nanos();

    static Clock system() {
        return System::nanoTime;
    }
}
