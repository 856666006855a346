package io.handoffkit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;

/**
 * `handoff-kit bench handoff --role broker` (issue 15 §1): this process as client and reference
 * backend measures a broker process. A few rounds each, checking that every round was a handoff
 * (exit 0; anything else exits 1) and the output's shape, never the figures.
 */
@DisabledOnOs(OS.WINDOWS)
@Timeout(value = 90, unit = TimeUnit.SECONDS)
@Tag("process")
class BenchBrokerUnderTestTest {

    /** {@code handoff-kit broker} from this test's class path, with {@code extra} options. */
    private static String referenceBroker(String extra) {
        return String.join(" ", quoted(Path.of(System.getProperty("java.home"), "bin", "java").toString()), "-cp",
                quoted(System.getProperty("java.class.path")), HandoffKit.class.getName(), "broker --socket {socket} --backend {backend}", extra);
    }

    private static String quoted(String word) {
        return "'" + word + "'";
    }

    @Test
    @DisplayName("by default the reference broker runs as its own process: every round is a handoff, one JSON row 'broker' with P50 <= P90 <= P99")
    void referenceBrokerByDefault() throws Exception {
        CliRun r = CliRun.of("bench", "handoff", "--role", "broker", "--iterations", "40", "--warmup", "10", "--json");
        assertEquals(ExitCodes.OK, r.exit(), "every round is a handoff: " + r.err());
        JsonNode root = new ObjectMapper().readTree(r.out().strip());
        assertEquals(List.of("broker"), fieldNames(root));
        JsonNode m = root.get("broker");
        double p50 = m.get("p50_us").asDouble();
        assertTrue(p50 > 0 && p50 <= m.get("p90_us").asDouble() && m.get("p90_us").asDouble() <= m.get("p99_us").asDouble(), m.toString());
    }

    @Test
    @DisplayName("--cmd: the text report names the broker under test and its row")
    void brokerFromACommand() {
        CliRun r = CliRun.of("bench", "handoff", "--role", "broker", "--cmd", referenceBroker(""), "--iterations", "20", "--warmup", "5");
        assertEquals(ExitCodes.OK, r.exit(), r.err());
        assertTrue(r.out().contains("20 measured rounds after 5 warm-up"), r.out());
        assertTrue(r.out().contains("broker: exec: "), r.out());
        assertTrue(r.out().matches("(?s).*connect, Hello to echoed byte\\s+\\d+\\.\\d\\s+\\d+\\.\\d\\s+\\d+\\.\\d.*"), r.out());
    }

    @Test
    @DisplayName("a broker that hands nothing off (it refuses the Hello: another service) fails the run (exit 1), saying why")
    void brokerThatRefusesFailsTheRun() {
        CliRun r = CliRun.of("bench", "handoff", "--role", "broker", "--cmd", referenceBroker("--service other"), "--iterations", "5", "--warmup", "0");
        assertEquals(ExitCodes.FAILED, r.exit(), r.out());
        assertTrue(r.err().contains("round 0:"), r.err());
        assertTrue(r.err().contains("did not connect") && r.err().contains("ERROR_SERVICE_UNKNOWN"), r.err());
    }

    @Test
    @DisplayName("--role broker with --socket, --only or --until-jit-idle is a usage error (exit 2): the broker comes as --cmd")
    void usage() {
        assertEquals(ExitCodes.USAGE, CliRun.of("bench", "handoff", "--role", "broker", "--socket", "/tmp/x.sock").exit());
        assertEquals(ExitCodes.USAGE, CliRun.of("bench", "handoff", "--role", "broker", "--only", "FULL").exit());
        assertEquals(ExitCodes.USAGE, CliRun.of("bench", "handoff", "--role", "broker", "--until-jit-idle").exit());
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
