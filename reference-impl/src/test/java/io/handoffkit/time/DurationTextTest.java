package io.handoffkit.time;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The one duration grammar of every option of the kit (issue 14, item 6). */
class DurationTextTest {

    @Test
    @DisplayName("one grammar: ms, s, m, h, fractions, combined parts largest first, a bare number in seconds")
    void oneGrammar() {
        assertEquals(Duration.ofMillis(500), DurationText.parse("500ms"));
        assertEquals(Duration.ofMillis(1500), DurationText.parse("1.5s"));
        assertEquals(Duration.ofSeconds(90), DurationText.parse("1m30s"));
        assertEquals(Duration.ofSeconds(90), DurationText.parse("1.5m"));
        assertEquals(Duration.ofHours(2), DurationText.parse("2h"));
        assertEquals(Duration.ofMillis(3_723_250), DurationText.parse("1h2m3s250ms"));
        assertEquals(Duration.ofSeconds(90), DurationText.parse("90"));
        assertEquals(Duration.ofSeconds(5), DurationText.parse(" 5S "));
    }

    @Test
    @DisplayName("format writes what parse reads back")
    void formatRoundTrips() {
        for (Duration d : new Duration[] {Duration.ofSeconds(5), Duration.ofMillis(300), Duration.ofMillis(1500), Duration.ofNanos(500_000),
            Duration.ofMinutes(2)}) {
            assertEquals(d, DurationText.parse(DurationText.format(d)), DurationText.format(d));
        }
        assertEquals("300ms", DurationText.format(Duration.ofMillis(300)));
        assertEquals("5s", DurationText.format(Duration.ofSeconds(5)));
    }

    @Test
    @DisplayName("anything else is refused with the accepted forms: no unit twice, no smaller unit first, no sign, no empty text")
    void refusals() {
        for (String bad : new String[] {"", "soon", "m", "1s1s", "30s1m", "-1s", "1.s", "1 s", "5d"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> DurationText.parse(bad), bad);
            assertTrue(e.getMessage().contains(DurationText.EXAMPLES), e.getMessage());
        }
    }
}
