package io.handoffkit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * `handoff-kit fuzz`: target selection, the Maven invocation per target, the
 * parsing of libFuzzer's output into the final table and JSON, exit codes. The
 * campaigns themselves are replaced by a fake launcher that replays libFuzzer
 * output; the real ones run in the fuzz module (fuzz/README.md).
 */
class FuzzCommandTest {

    @TempDir
    Path tree;

    /** A source tree as the command looks for it: mvnw and fuzz/pom.xml. */
    private Path sourceTree() throws IOException {
        Files.createDirectories(tree.resolve("fuzz"));
        Files.writeString(tree.resolve("fuzz/pom.xml"), "<project/>");
        Files.writeString(tree.resolve("mvnw"), "#!/bin/sh\n");
        return tree;
    }

    private record Run(int exit, String out, String err) {}

    private record Call(List<String> command, Map<String, String> env, Path dir) {}

    private static Run run(FuzzCommand.Launcher launcher, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = new CommandLine(new FuzzCommand(launcher, 3_600_000))
                .setExitCodeExceptionMapper(e -> ExitCodes.USAGE);
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        int exit = cli.execute(args);
        return new Run(exit, out.toString(), err.toString());
    }

    /** A launcher that records its calls and answers each with libFuzzer's output of a clean 30-second campaign. */
    private static FuzzCommand.Launcher clean(List<Call> calls) {
        return (command, env, dir, lines) -> {
            calls.add(new Call(command, env, dir));
            cleanCampaign(lines);
            return 0;
        };
    }

    private static void cleanCampaign(Consumer<String> lines) {
        lines.accept("[INFO] Running io.handoffkit.fuzz.BackendFuzz");
        lines.accept("INFO: Instrumented io.handoffkit.wire.FrameReader with custom hooks only (took 1 ms, size +0%)");
        lines.accept("#349\tINITED cov: 862 ft: 1703 corp: 68/3149b exec/s: 0 rss: 514Mb");
        lines.accept("#65536\tpulse  cov: 896 ft: 2370 corp: 209/11485b lim: 413 exec/s: 32768 rss: 515Mb");
        lines.accept("#1835318\tDONE   cov: 912 ft: 2987 corp: 388/27Kb lim: 4096 exec/s: 59203 rss: 517Mb");
        lines.accept("Done 1835318 runs in 31 second(s)");
        lines.accept("[INFO] BUILD SUCCESS");
    }

    @Test
    @DisplayName("--list names every target, one per line")
    void list() {
        Run r = run(clean(new ArrayList<>()), "--list");
        assertEquals(ExitCodes.OK, r.exit());
        assertEquals(FuzzCommand.TARGETS.stream().map(FuzzCommand.Target::name).toList(), r.out().lines().toList());
        assertTrue(r.out().lines().toList().containsAll(List.of("frame-reader", "offer-read", "offer-serve", "ack-check",
                "relay-check", "token-registry", "properties-backend-offer", "properties-broker-ack", "properties-client-relay")));
    }

    @Test
    @DisplayName("usage errors exit 2: no target, both --all and --target, an unknown target, a bad duration")
    void usageErrors() throws IOException {
        String dir = sourceTree().toString();
        List<Call> calls = new ArrayList<>();
        assertEquals(ExitCodes.USAGE, run(clean(calls), "--project-dir", dir).exit());
        assertEquals(ExitCodes.USAGE, run(clean(calls), "--all", "--target", "offer-read", "--project-dir", dir).exit());
        assertEquals(ExitCodes.USAGE, run(clean(calls), "--target", "no-such-target", "--project-dir", dir).exit());
        assertEquals(ExitCodes.USAGE, run(clean(calls), "--target", "offer-read", "--duration", "soon", "--project-dir", dir).exit());
        assertEquals(ExitCodes.USAGE, run(clean(calls), "--target", "offer-read", "--project-dir", tree.resolve("nowhere").toString()).exit());
        assertTrue(calls.isEmpty(), "nothing may run on a usage error");
    }

    @Test
    @DisplayName("one target: one Maven run in fuzzing mode with the duration, then the table with the campaign's figures")
    void oneTarget() throws IOException {
        Path dir = sourceTree();
        List<Call> calls = new ArrayList<>();
        Run r = run(clean(calls), "--target", "offer-read", "--duration", "30s", "--project-dir", dir.toString(),
                "--maven-arg=-o");
        assertEquals(ExitCodes.OK, r.exit(), r.out() + r.err());
        assertEquals(1, calls.size());
        Call c = calls.get(0);
        assertEquals(dir.resolve("mvnw").toString(), c.command().get(0));
        assertTrue(c.command().containsAll(List.of("-pl", "fuzz", "test", "-Dtest=io.handoffkit.fuzz.BackendFuzz#offerRead",
                "-Djazzer.max_duration=30s", "-o")), c.command().toString());
        assertEquals("1", c.env().get("JAZZER_FUZZ"));
        assertEquals(dir, c.dir());
        String row = r.out().lines().filter(l -> l.startsWith("offer-read ")).findFirst().orElseThrow(() -> new AssertionError(r.out()));
        assertTrue(row.contains("1,835,318") && row.contains("59,203") && row.contains("912") && row.endsWith("ok"), row);
        assertTrue(r.out().contains("INITED"), "progress shows the fuzzer's start: " + r.out());
        assertTrue(!r.out().contains("INFO: Instrumented"), "instrumentation chatter is hidden");
    }

    @Test
    @DisplayName("--all --json: every target in order, one JSON object each with executions, exec_per_s and findings; a finding exits 1")
    void allAsJson() throws IOException {
        Path dir = sourceTree();
        List<Call> calls = new ArrayList<>();
        FuzzCommand.Launcher launcher = (command, env, d, lines) -> {
            calls.add(new Call(command, env, d));
            if (command.contains("-Dtest=io.handoffkit.fuzz.ClientFuzz#relayCheck")) {
                // what Jazzer prints for a finding, then the crash file it writes into the source tree
                Path crash = d.resolve("fuzz/src/test/resources/io/handoffkit/fuzz/ClientFuzzInputs/relayCheck/crash-0123abcd");
                Files.createDirectories(crash.getParent());
                Files.write(crash, new byte[] {1, 0, 0, 0, 0});
                lines.accept("#1000\tNEW    cov: 100 ft: 120 corp: 10/200b lim: 4 exec/s: 500 rss: 300Mb L: 3/4 MS: 1 ChangeBit-");
                lines.accept("== Java Exception: java.lang.NullPointerException");
                lines.accept("\tat io.handoffkit.client.RelayCheck.check(RelayCheck.java:1)");
                lines.accept("artifact_prefix='" + crash.getParent() + "/'; Test unit written to " + crash);
                lines.accept("[ERROR] Tests run: 1, Failures: 0, Errors: 1");
                return 1;
            }
            cleanCampaign(lines);
            return 0;
        };
        Run r = run(launcher, "--all", "--duration", "1m", "--json", "--project-dir", dir.toString());
        assertEquals(ExitCodes.FAILED, r.exit(), r.out() + r.err());
        assertEquals(FuzzCommand.TARGETS.size(), calls.size());
        JsonNode json = new ObjectMapper().readTree(r.out());
        assertEquals(60, json.get("duration_s").asLong());
        JsonNode targets = json.get("targets");
        assertEquals(FuzzCommand.TARGETS.size(), targets.size());
        for (int i = 0; i < targets.size(); i++) {
            JsonNode t = targets.get(i);
            assertEquals(FuzzCommand.TARGETS.get(i).name(), t.get("name").asText());
            assertTrue(t.has("executions") && t.has("exec_per_s") && t.has("findings"), t.toString());
            if (t.get("name").asText().equals("relay-check")) {
                assertEquals(1, t.get("findings").asInt());
                assertEquals("finding", t.get("status").asText());
                assertTrue(t.get("finding_files").get(0).asText().endsWith("crash-0123abcd"));
            } else {
                assertEquals(1835318, t.get("executions").asLong());
                assertEquals(59203, t.get("exec_per_s").asLong());
                assertEquals(0, t.get("findings").asInt());
            }
        }
        assertTrue(r.err().contains("== Java Exception"), "the finding is shown in the progress output: " + r.err());
    }

    @Test
    @DisplayName("a run that fails without a finding (a build error) is reported with its last lines and exits 2")
    void buildError() throws IOException {
        Path dir = sourceTree();
        Run r = run((command, env, d, lines) -> {
            lines.accept("[ERROR] COMPILATION ERROR : something is broken");
            return 1;
        }, "--target", "frame-reader", "--project-dir", dir.toString());
        assertEquals(ExitCodes.USAGE, r.exit());
        assertTrue(r.out().contains("COMPILATION ERROR") && r.out().lines().anyMatch(l -> l.startsWith("frame-reader") && l.endsWith("error")),
                r.out());
    }

    @Test
    @DisplayName("--duration is read in the kit's one duration grammar (1m30s, 1.5m, 90) and given to Jazzer in seconds")
    void durationGrammar() throws IOException {
        String dir = sourceTree().toString();
        for (String duration : new String[] {"1m30s", "1.5m", "90"}) {
            List<Call> calls = new ArrayList<>();
            assertEquals(ExitCodes.OK, run(clean(calls), "--target", "offer-read", "--duration", duration, "--project-dir", dir).exit());
            assertTrue(calls.get(0).command().contains("-Djazzer.max_duration=90s"), duration + ": " + calls.get(0).command());
        }
        Run bad = run(clean(new ArrayList<>()), "--target", "offer-read", "--duration", "soon", "--project-dir", dir);
        assertTrue(bad.err().contains("--duration") && bad.err().contains("not a duration: 'soon'"), bad.err());
    }

    @Test
    @DisplayName("the fuzz subcommand is registered in the CLI")
    void registered() {
        assertTrue(HandoffKit.commandLine().getSubcommands().containsKey("fuzz"));
    }
}
