package io.handoffkit.conformance.runner.model;

import java.time.Duration;
import java.util.Locale;

/** Durations as the runner prints and counts them (the command line reads them with {@link io.handoffkit.time.DurationText}). */
public final class Durations {

    private Durations() {}

    public static String format(Duration d) {
        long micros = d.toNanos() / 1000;
        if (micros < 1000) {
            return micros + " µs";
        }
        if (micros < 10_000_000) {
            return String.format(Locale.ROOT, "%.1f ms", micros / 1000.0);
        }
        return String.format(Locale.ROOT, "%.2f s", micros / 1_000_000.0);
    }

    /** The time since {@code startNanos} (a {@link System#nanoTime()}). */
    public static Duration since(long startNanos) {
        return Duration.ofNanos(System.nanoTime() - startNanos);
    }

    /** What is left of {@code limit} counted from {@code startNanos}; never negative. */
    public static Duration remaining(long startNanos, Duration limit) {
        Duration left = limit.minus(since(startNanos));
        return left.isNegative() ? Duration.ZERO : left;
    }

    /** Whole milliseconds for a socket timeout, rounded up, at least 1 (0 would mean no timeout). */
    public static int millis(Duration d) {
        return (int) Math.max(1, Math.min(Integer.MAX_VALUE, (d.toNanos() + 999_999) / 1_000_000));
    }
}
