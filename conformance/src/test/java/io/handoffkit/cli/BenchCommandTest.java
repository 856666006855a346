package io.handoffkit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;

/**
 * `handoff-kit bench handoff` (issue §5): a real run with small counts, checking the output's
 * shape, never its figures. The backend is a second JVM started from this test's class path.
 */
@DisabledOnOs(OS.WINDOWS)
@Timeout(value = 120, unit = TimeUnit.SECONDS)
@Tag("slow")
class BenchCommandTest {

    @Test
    @DisplayName("--json prints one object with full, reused, floor and upstream_sequence, each with P50 <= P90 <= P99 in microseconds")
    void jsonShape() throws Exception {
        CliRun r = CliRun.of("bench", "handoff", "--iterations", "200", "--warmup", "50", "--json");

        assertEquals(ExitCodes.OK, r.exit(), r.err());
        String[] lines = r.out().strip().split("\n");
        assertEquals(1, lines.length, "exactly one line of output: " + r.out());
        JsonNode root = new ObjectMapper().readTree(lines[0]);
        List<String> rows = List.of("full", "reused", "floor", "upstream_sequence");
        assertEquals(rows, iterator(root.fieldNames()));
        for (String mode : rows) {
            JsonNode m = root.get(mode);
            assertEquals(List.of("p50_us", "p90_us", "p99_us"), iterator(m.fieldNames()), mode);
            double p50 = m.get("p50_us").asDouble();
            double p90 = m.get("p90_us").asDouble();
            double p99 = m.get("p99_us").asDouble();
            assertTrue(m.get("p50_us").isNumber() && p50 > 0, mode + " " + m);
            assertTrue(p50 <= p90 && p90 <= p99, mode + " percentiles out of order: " + m);
        }
    }

    @Test
    @DisplayName("the text report names the four modes with P50/P90/P99 and the ratios of (a) and (b) to the floor")
    void textShape() {
        CliRun r = CliRun.of("bench", "handoff", "--iterations", "200", "--warmup", "50");

        assertEquals(ExitCodes.OK, r.exit(), r.err());
        String number = "\\s+\\d+\\.\\d";
        for (String row : List.of("(a) full, fresh handoff connection", "(b) full, reused handoff connection",
                "(c) floor, fresh connection", "(d) upstream's harness sequence")) {
            assertTrue(Pattern.compile(Pattern.quote(row) + number + number + number, Pattern.MULTILINE).matcher(r.out()).find(),
                    "row " + row + " in\n" + r.out());
        }
        for (String ratio : List.of("(a) / (c) floor", "(b) / (c) floor")) {
            assertTrue(Pattern.compile(Pattern.quote(ratio) + "\\s+\\d+\\.\\d\\d\\s+\\d+\\.\\d\\d\\s+\\d+\\.\\d\\d").matcher(r.out()).find(),
                    "ratio " + ratio + " in\n" + r.out());
        }
        assertTrue(r.out().contains("200 measured rounds after 50 warm-up"), r.out());
    }

    @Test
    @DisplayName("zero iterations or a negative warm-up is a usage error (exit 2) and starts nothing")
    void usage() {
        assertEquals(ExitCodes.USAGE, CliRun.of("bench", "handoff", "--iterations", "0").exit());
        assertEquals(ExitCodes.USAGE, CliRun.of("bench", "handoff", "--warmup", "-1").exit());
    }

    @Test
    @DisplayName("nearest-rank percentiles: the smallest sample with at least p% of the samples at or below it")
    void nearestRank() {
        long[] hundred = new long[100];
        for (int i = 0; i < 100; i++) {
            hundred[i] = 100 - i; // unsorted on purpose: 1..100
        }
        assertEquals(new BenchCommand.Percentiles(50, 90, 99), BenchCommand.Percentiles.of(hundred));
        assertEquals(new BenchCommand.Percentiles(7, 7, 7), BenchCommand.Percentiles.of(new long[] {7}));
        // N = 3: ranks ceil(1.5)=2, ceil(2.7)=3, ceil(2.97)=3
        assertEquals(new BenchCommand.Percentiles(20, 30, 30), BenchCommand.Percentiles.of(new long[] {30, 10, 20}));
    }

    private static List<String> iterator(java.util.Iterator<String> it) {
        List<String> out = new java.util.ArrayList<>();
        it.forEachRemaining(out::add);
        return out;
    }
}
