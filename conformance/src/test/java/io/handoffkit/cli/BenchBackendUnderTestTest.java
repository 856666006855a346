package io.handoffkit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.handoffkit.conformance.upstream.UpstreamPeer;
import io.handoffkit.conformance.upstream.UpstreamPeerAssumption;
import io.handoffkit.transport.unix.ReferenceBackendMain;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;

/**
 * `handoff-kit bench handoff --role backend --cmd` (issue 15 §1): the reference broker benchmarks a
 * backend under test started from a command. A few handoffs each, checking that every one completed
 * (exit 0; a failed handoff exits 1) and the JSON shape, never the figures.
 */
@DisabledOnOs(OS.WINDOWS)
@Timeout(value = 60, unit = TimeUnit.SECONDS)
@Tag("process")
class BenchBackendUnderTestTest {

    /** The rows measured against a backend under test, in JSON key order. */
    private static final List<String> ROWS = List.of("full", "floor", "upstream_sequence");

    @Test
    @DisplayName("--cmd: the reference backend as a separate process completes every handoff and reports full, floor and upstream_sequence")
    void referenceBackendProcess() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String command = String.join(" ", quoted(java), "-cp", quoted(System.getProperty("java.class.path")),
                ReferenceBackendMain.class.getName(), "--socket", "{socket}");

        assertRows(bench(command), ROWS);
    }

    @Test
    @DisplayName("--cmd: upstream's oracle-backend (sideband token mode, echo) completes every handoff")
    void upstreamBackend() throws Exception {
        UpstreamPeer peer = UpstreamPeerAssumption.peer();
        String command = String.join(" ", quoted(peer.backend().toString()), "{socket}", "000102030405060708090a0b0c0d0e0f",
                "--token-mode", "sideband");

        assertRows(bench(command), ROWS);
    }

    @Test
    @DisplayName("--cmd: the Python backend written from Appendix A (bench/backend.py) completes every handoff")
    void pythonBackend() throws Exception {
        Path script = Path.of("..", "bench", "backend.py").toAbsolutePath().normalize();
        Assumptions.assumeTrue(Files.exists(script), "no " + script);
        Assumptions.assumeTrue(onPath("python3"), "python3 is not on the PATH");

        assertRows(bench("python3 " + quoted(script.toString()) + " {socket}"), ROWS);
    }

    @Test
    @DisplayName("--only UPSTREAM_SEQUENCE reports that one row")
    void onlyOneRow() throws Exception {
        CliRun r = CliRun.of("bench", "handoff", "--iterations", "20", "--warmup", "5", "--only", "UPSTREAM_SEQUENCE", "--json");

        assertEquals(ExitCodes.OK, r.exit(), r.err());
        assertRows(r.out(), List.of("upstream_sequence"));
    }

    @Test
    @DisplayName("--cmd with --socket, and a role that is neither backend nor broker, are usage errors (exit 2)")
    void usage() {
        assertEquals(ExitCodes.USAGE, CliRun.of("bench", "handoff", "--cmd", "x {socket}", "--socket", "/tmp/x.sock").exit());
        CliRun client = CliRun.of("bench", "handoff", "--role", "client");
        assertEquals(ExitCodes.USAGE, client.exit());
        assertTrue(client.err().contains("backend or broker"), client.err());
    }

    private static String bench(String command) {
        CliRun r = CliRun.of("bench", "handoff", "--role", "backend", "--cmd", command, "--iterations", "30", "--warmup", "10", "--json");
        assertEquals(ExitCodes.OK, r.exit(), "every handoff completes: " + r.err());
        return r.out();
    }

    /** One JSON object whose keys are {@code rows}, each {@code p50_us <= p90_us <= p99_us}. */
    private static void assertRows(String out, List<String> rows) throws Exception {
        String[] lines = out.strip().split("\n");
        assertEquals(1, lines.length, "exactly one line of output: " + out);
        JsonNode root = new ObjectMapper().readTree(lines[0]);
        List<String> keys = new ArrayList<>();
        root.fieldNames().forEachRemaining(keys::add);
        assertEquals(rows, keys, out);
        for (String row : rows) {
            JsonNode m = root.get(row);
            List<String> fields = new ArrayList<>();
            m.fieldNames().forEachRemaining(fields::add);
            assertEquals(List.of("p50_us", "p90_us", "p99_us"), fields, row);
            double p50 = m.get("p50_us").asDouble();
            assertTrue(p50 > 0 && p50 <= m.get("p90_us").asDouble() && m.get("p90_us").asDouble() <= m.get("p99_us").asDouble(),
                    row + " " + m);
        }
    }

    private static String quoted(String word) {
        return "'" + word + "'";
    }

    private static boolean onPath(String program) {
        String path = System.getenv().getOrDefault("PATH", "");
        for (String dir : path.split(java.io.File.pathSeparator)) {
            if (Files.isExecutable(Path.of(dir, program))) {
                return true;
            }
        }
        return false;
    }
}
