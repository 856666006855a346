package io.handoffkit.conformance.runner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.handoffkit.cli.ExitCodes;
import io.handoffkit.cli.HandoffKit;
import io.handoffkit.conformance.runner.faulty.Fault;
import io.handoffkit.conformance.runner.model.Case;
import io.handoffkit.conformance.runner.model.RunOptions;
import io.handoffkit.conformance.runner.report.Reports;
import io.handoffkit.conformance.runner.suite.backend.BackendSuite;
import io.handoffkit.profile.Profile;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import picocli.CommandLine;

/** {@code handoff-kit run}: the README's first command, its reports, exit codes, failure lists and single-case reruns. */
@DisplayName("handoff-kit run (the conformance runner's command line)")
@Tag("process")
public class RunCommandTest {

    public record Ran(int exit, String out) {}

    public static Ran run(String... args) {
        StringWriter out = new StringWriter();
        CommandLine cli = HandoffKit.commandLine();
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(out));
        int exit = cli.execute(args);
        return new Ran(exit, out.toString());
    }

    @Test
    @DisplayName("against the bundled reference: every case passes in under 10 s (exit 0), and the four reports are written")
    void referencePassesWithReports(@TempDir Path dir) throws Exception {
        Path json = dir.resolve("report.json");
        Path xml = dir.resolve("junit.xml");
        Path html = dir.resolve("report.html");
        Path markdown = dir.resolve("report.md");
        Ran r = run("run", "--color", "never", "--json", json.toString(), "--junit-xml", xml.toString(), "--html", html.toString(),
                "--markdown", markdown.toString());
        assertEquals(ExitCodes.OK, r.exit(), r.out());
        assertTrue(r.out().contains("PASS: every MUST case passed"), r.out());

        JsonNode report = new ObjectMapper().readTree(json.toFile());
        System.out.println("suite against the reference: " + report.path("summary").path("cases").asInt() + " cases in "
                + report.path("duration_ms").asDouble() + " ms");
        for (JsonNode s : report.path("sections")) {
            System.out.printf("  %-20s %4d cases %9.1f ms%n", s.path("title").asText(), s.path("cases").asInt(), s.path("time_ms").asDouble());
        }
        assertTrue(report.path("duration_ms").asDouble() < 10_000, "the whole suite against the reference must take under 10 s");
        assertEquals(BackendSuite.SUITE.cases().size(), report.path("summary").path("cases").asInt());
        assertEquals(0, report.path("summary").path("failed").asInt());
        assertEquals(BackendSuite.SUITE.sections().size(), report.path("sections").size());
        JsonNode first = report.path("cases").get(0);
        assertTrue(first.path("requirement_text").asText().startsWith(first.path("requirement").asText() + " ("), first.toString());
        assertTrue(first.path("transcript").toString().contains("\"hex\""), "bytes are in the report");
        assertTrue(first.path("reproduce").asText().startsWith("./handoff-kit run --case handoff/"), first.toString());

        Document junit = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(xml.toFile());
        assertEquals(BackendSuite.SUITE.cases().size(), junit.getElementsByTagName("testcase").getLength());
        assertEquals(0, junit.getElementsByTagName("failure").getLength());

        String page = Files.readString(html);
        assertTrue(page.startsWith("<!DOCTYPE html>"));
        assertFalse(page.contains("<link") || page.contains("src=\"http"), "self-contained");
        assertTrue(page.contains("handoff/OFFER-2/1") && page.contains("00000000  01"), "case IDs and hex dumps");
        assertTrue(page.contains("frame request_id does not match HandoffOffer correlation_id") || page.contains("OFFER-2 (MUST) Offer correlation"),
                "requirement text");

        String md = Files.readString(markdown);
        assertTrue(md.startsWith("# handoff-kit run: conformance report\n\n" + Reports.MARKDOWN_DATE_LINE), md);
        assertTrue(md.contains("- Target: `reference") && md.contains("- Verdict: exit code 0 — every MUST case passed\n"), md);
        assertTrue(md.contains("| **all** | **" + BackendSuite.SUITE.cases().size() + "** | **" + BackendSuite.SUITE.cases().size() + "** | **0** |"), md);
        assertTrue(md.contains("## Failing cases\n\nNone.\n") && !md.contains("## Skipped cases") && !md.contains("## Expected-failure list"), md);
    }

    @Test
    @DisplayName("--profile 4.5.5 against the reference: every case of that profile passes, and the scenarios resting on a 4.6.2 requirement (PROFILE-6) are named as not run, not passed")
    void profile455(@TempDir Path dir) throws Exception {
        Path json = dir.resolve("report.json");
        Ran r = run("run", "--profile", "4.5.5", "--color", "never", "--json", json.toString());
        assertEquals(ExitCodes.OK, r.exit(), r.out());
        assertTrue(r.out().contains("profile 4.5.5 (upstream 4.5.5 to 4.6.1)"), r.out());

        JsonNode report = new ObjectMapper().readTree(json.toFile());
        List<Case> outside = BackendSuite.SUITE.outsideProfile(RunOptions.defaults().withProfile(Profile.V4_5_5));
        List<Case> of462 = BackendSuite.SUITE.cases().stream().filter(c -> !c.appliesTo(Profile.V4_5_5)).toList();
        assertFalse(of462.isEmpty(), "PROFILE-6 belongs to 4.6.2");
        assertTrue(outside.containsAll(of462), "every 4.6.2 case is left out, with the rest of its scenario: " + outside);
        assertEquals(BackendSuite.SUITE.cases().size() - outside.size(), report.path("summary").path("cases").asInt(),
                "every case of the 4.5.5 scenarios ran, and only those");
        assertEquals("4.5.5", report.path("options").path("profile").asText());
        String notes = report.path("notes").toString();
        for (Case c : outside) {
            assertTrue(notes.contains(c.id()), c.id() + " is named as not run: " + notes);
        }
        assertEquals(ExitCodes.USAGE, run("run", "--profile", "4.7").exit(), "an unknown profile is a usage error");
    }

    @Test
    @DisplayName("--case reruns one case and prints the exact bytes sent and received and a one-line reproduce command")
    void singleCase() {
        Ran r = run("run", "--case", "handoff/OFFER-2/1", "--color", "never");
        assertEquals(ExitCodes.OK, r.exit(), r.out());
        assertTrue(r.out().contains("requirement: OFFER-2 (MUST) Offer correlation"), r.out());
        assertTrue(r.out().contains("sent 16 bytes — sideband"), r.out());
        assertTrue(r.out().contains("00000000  01 "), "hex dump of the offer: " + r.out());
        assertTrue(r.out().contains("reproduce: ./handoff-kit run --case handoff/OFFER-2/1"), r.out());
        assertTrue(r.out().contains("1 cases") || r.out().contains("  1 cases"), r.out());
    }

    @Test
    @DisplayName("a faulty backend (exec) fails the run with exit 1 and names the case with its reproduce command")
    void failingBackendExitsOne() {
        String cmd = SelfValidation.execFaulty(Fault.ACCEPTS_MISMATCHED_TOKEN);
        Ran r = run("run", "--cmd", cmd, "--section", "tokens", "--idle-bound", "600ms", "--color", "never");
        assertEquals(ExitCodes.FAILED, r.exit(), r.out());
        assertTrue(r.out().contains("FAIL handoff/TOKEN-4/1"), r.out());
        assertTrue(r.out().contains("--idle-bound 600ms --case handoff/TOKEN-4/1"), "reproduce line: " + r.out());
    }

    @Test
    @DisplayName("--expect-failures: the exact list passes; a listed case that passes fails the run and the corrected list is printed")
    void expectedFailures(@TempDir Path dir) throws IOException {
        String cmd = SelfValidation.execFaulty(Fault.ACCEPTS_MISMATCHED_TOKEN);
        Path exact = Files.writeString(dir.resolve("exact.txt"), "handoff/TOKEN-4/1\n");
        Ran ok = run("run", "--cmd", cmd, "--section", "tokens", "--idle-bound", "600ms", "--color", "never",
                "--expect-failures", exact.toString());
        assertEquals(ExitCodes.OK, ok.exit(), ok.out());

        Path stale = Files.writeString(dir.resolve("stale.txt"), "handoff/TOKEN-4/1\nhandoff/OFFER-4/1\nhandoff/NOPE-1/1\n");
        Ran bad = run("run", "--cmd", cmd, "--section", "tokens", "--idle-bound", "600ms", "--color", "never",
                "--expect-failures", stale.toString());
        assertEquals(ExitCodes.FAILED, bad.exit(), bad.out());
        assertTrue(bad.out().contains("listed, but it did not fail: handoff/OFFER-4/1"), bad.out());
        assertTrue(bad.out().contains("listed, but no such case: handoff/NOPE-1/1"), bad.out());
        String corrected = bad.out().substring(bad.out().indexOf("corrected list:"));
        assertTrue(corrected.contains("handoff/TOKEN-4/1") && !corrected.contains("handoff/OFFER-4/1"), corrected);
    }

    @Test
    @DisplayName("--markdown with --expect-failures: each failing case with its requirement, level, explanation and the list's note on it")
    void markdownNamesFailuresAndTheirNotes(@TempDir Path dir) throws IOException {
        String cmd = SelfValidation.execFaulty(Fault.ACCEPTS_MISMATCHED_TOKEN);
        Path list = Files.writeString(dir.resolve("known.txt"), "# accepts any token: issue 7\nhandoff/TOKEN-4/1\n");
        Path markdown = dir.resolve("report.md");
        Ran r = run("run", "--cmd", cmd, "--section", "tokens", "--idle-bound", "600ms", "--color", "never",
                "--expect-failures", list.toString(), "--markdown", markdown.toString());
        assertEquals(ExitCodes.OK, r.exit(), r.out());
        String md = Files.readString(markdown);
        String row = md.lines().filter(l -> l.startsWith("| `handoff/TOKEN-4/1` |")).findFirst().orElseThrow(() -> new AssertionError(md));
        assertTrue(row.startsWith("| `handoff/TOKEN-4/1` | MUST | TOKEN-4 ") && row.endsWith("| yes: accepts any token: issue 7 |"), row);
        assertTrue(md.contains("- `./handoff-kit run --cmd ") && md.contains("--case handoff/TOKEN-4/1`"), "rerun line: " + md);
        assertTrue(md.contains("| token judgement | ") && md.contains("The list matches this run exactly."), md);
    }

    @Test
    @DisplayName("usage and setup errors exit with 2: unknown case or section, --cmd with --socket, --image misused, no socket, a command that dies")
    void usageAndSetupErrors() {
        assertEquals(ExitCodes.USAGE, run("run", "--case", "handoff/NOPE-1/1").exit());
        assertEquals(ExitCodes.USAGE, run("run", "--section", "nope").exit());
        assertEquals(ExitCodes.USAGE, run("run", "--cmd", "x {socket}", "--socket", "/tmp/x.sock").exit());
        assertEquals(ExitCodes.USAGE, run("run", "--target", "exec").exit());
        assertEquals(ExitCodes.USAGE, run("run", "--target", "container").exit(), "container needs --image");
        assertEquals(ExitCodes.USAGE, run("run", "--image", "x:1", "--socket", "/tmp/x.sock").exit());
        Ran wrongTarget = run("run", "--target", "attach", "--image", "x:1");
        assertEquals(ExitCodes.USAGE, wrongTarget.exit());
        assertTrue(wrongTarget.out().contains("--image is for --target container"), wrongTarget.out());
        assertEquals(ExitCodes.USAGE, run("run", "--socket", "/tmp/handoff-kit-no-such-dir/b.sock", "--startup-timeout", "200ms").exit());
        Ran died = run("run", "--cmd", "sh -c 'echo dying >&2; exit 3'");
        assertEquals(ExitCodes.USAGE, died.exit(), died.out());
        assertTrue(died.out().contains("exited with code 3") && died.out().contains("dying"), died.out());
    }

    @Test
    @DisplayName("--role: backend is the default; broker and client list their own cases; attaching a broker or client needs --backend too")
    void roles() {
        Ran backend = run("run", "--role", "backend", "--list");
        assertEquals(ExitCodes.OK, backend.exit(), backend.out());
        assertEquals(run("run", "--list").out(), backend.out(), "the default role is backend");
        Ran broker = run("run", "--role", "broker", "--list");
        assertEquals(ExitCodes.OK, broker.exit(), broker.out());
        assertTrue(broker.out().contains("broker/BROKER-2/1") && !broker.out().contains("handoff/OFFER-2/1"), broker.out());
        Ran noBackend = run("run", "--role", "broker", "--socket", "/tmp/none.sock");
        assertEquals(ExitCodes.USAGE, noBackend.exit(), noBackend.out());
        assertTrue(noBackend.out().contains("needs --backend PATH too"), noBackend.out());
        Ran client = run("run", "--role", "client", "--list");
        assertEquals(ExitCodes.OK, client.exit(), client.out());
        assertTrue(client.out().contains("client/CLIENT-6/1") && !client.out().contains("broker/BROKER-2/1"), client.out());
        Ran clientNoBackend = run("run", "--role", "client", "--socket", "/tmp/none.sock");
        assertEquals(ExitCodes.USAGE, clientNoBackend.exit(), clientNoBackend.out());
        assertTrue(clientNoBackend.out().contains("--role client --socket PATH needs --backend PATH too"), clientNoBackend.out());
        Ran unknown = run("run", "--role", "proxy");
        assertEquals(ExitCodes.USAGE, unknown.exit());
        assertTrue(unknown.out().contains("--role': 'proxy' is none of backend, broker, client"), unknown.out());
    }

    @Test
    @DisplayName("--list prints every case; colour only when asked (or on a terminal)")
    void listAndColour() {
        Ran list = run("run", "--list");
        assertEquals(ExitCodes.OK, list.exit());
        assertEquals(BackendSuite.SUITE.cases().size(), list.out().lines().count());
        assertTrue(run("run", "--case", "handoff/TOKEN-4/1", "--color", "always").out().contains("\u001b["));
        assertFalse(run("run", "--case", "handoff/TOKEN-4/1", "--color", "never").out().contains("\u001b["));
    }
}
