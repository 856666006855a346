package io.handoffkit.time;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Durations as a command line writes them, one grammar for every option of every tool of the kit:
 * one or more parts of a number and a unit ({@code h}, {@code m}, {@code s}, {@code ms}), largest unit
 * first, as in {@code 500ms}, {@code 1.5s}, {@code 1m30s} or {@code 2h}; a bare number is seconds.
 */
public final class DurationText {

    /** What a usage error shows as the accepted forms. */
    public static final String EXAMPLES = "500ms, 1.5s, 1m30s, 2h";

    private static final Pattern PART = Pattern.compile("(\\d+(?:\\.\\d+)?)(h|ms|m|s)");
    private static final Pattern BARE = Pattern.compile("\\d+(?:\\.\\d+)?");
    private static final List<String> UNITS = List.of("h", "m", "s", "ms");

    private DurationText() {}

    /** The duration {@code text} writes; an {@link IllegalArgumentException} saying what is accepted when it writes none. */
    public static Duration parse(String text) {
        String s = text.strip().toLowerCase(Locale.ROOT);
        if (BARE.matcher(s).matches()) {
            return nanos(new BigDecimal(s), "s", text);
        }
        Matcher m = PART.matcher(s);
        Duration total = Duration.ZERO;
        int end = 0;
        int lastUnit = -1;
        while (m.lookingAt()) {
            int unit = UNITS.indexOf(m.group(2));
            // each unit once, largest first: "1m30s" but neither "30s1m" nor "1s1s"
            if (unit <= lastUnit) {
                throw invalid(text);
            }
            lastUnit = unit;
            total = total.plus(nanos(new BigDecimal(m.group(1)), m.group(2), text));
            end = m.end();
            m.region(end, s.length());
        }
        if (end == 0 || end != s.length()) {
            throw invalid(text);
        }
        return total;
    }

    /** {@code d} as this grammar writes it: whole seconds as {@code 5s}, anything finer in milliseconds ({@code 300ms}, {@code 0.5ms}). */
    public static String format(Duration d) {
        BigDecimal nanos = BigDecimal.valueOf(d.toNanos());
        return d.toNanos() % 1_000_000_000L == 0
                ? d.getSeconds() + "s"
                : nanos.movePointLeft(6).stripTrailingZeros().toPlainString() + "ms";
    }

    private static Duration nanos(BigDecimal value, String unit, String text) {
        BigDecimal perUnit = switch (unit) {
            case "h" -> BigDecimal.valueOf(3_600_000_000_000L);
            case "m" -> BigDecimal.valueOf(60_000_000_000L);
            case "s" -> BigDecimal.valueOf(1_000_000_000L);
            default -> BigDecimal.valueOf(1_000_000L);
        };
        try {
            return Duration.ofNanos(value.multiply(perUnit).setScale(0, RoundingMode.HALF_UP).longValueExact());
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException("duration too long: '" + text + "'");
        }
    }

    private static IllegalArgumentException invalid(String text) {
        return new IllegalArgumentException("not a duration: '" + text + "' (examples: " + EXAMPLES + ")");
    }
}
