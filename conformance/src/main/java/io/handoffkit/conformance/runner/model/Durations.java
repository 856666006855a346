package io.handoffkit.conformance.runner.model;

import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Durations as the command line writes them ({@code 500ms}, {@code 2s}, {@code 1.5s}, {@code 1m}) and as the runner counts them. */
public final class Durations {

    private static final Pattern FORM = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*(ms|s|m)?");

    private Durations() {}

    public static Duration parse(String text) {
        Matcher m = FORM.matcher(text.trim().toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            throw new IllegalArgumentException("not a duration: '" + text + "' (examples: 500ms, 2s, 1.5s)");
        }
        double value = Double.parseDouble(m.group(1));
        String unit = m.group(2) == null ? "s" : m.group(2);
        double millis = switch (unit) {
            case "ms" -> value;
            case "m" -> value * 60_000;
            default -> value * 1000;
        };
        return Duration.ofNanos(Math.round(millis * 1_000_000));
    }

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
