package io.handoffkit.conformance.runner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.handoffkit.conformance.runner.drive.Driver;
import io.handoffkit.conformance.runner.drive.RecordedSocket;
import io.handoffkit.conformance.runner.model.Case;
import io.handoffkit.conformance.runner.model.CaseVerdict;
import io.handoffkit.conformance.runner.model.Endpoint;
import io.handoffkit.conformance.runner.model.Endpoints;
import io.handoffkit.conformance.runner.model.ExpectedFailures;
import io.handoffkit.conformance.runner.model.Outcome;
import io.handoffkit.conformance.runner.model.ProtocolRole;
import io.handoffkit.conformance.runner.model.RunOptions;
import io.handoffkit.conformance.runner.model.RunResult;
import io.handoffkit.conformance.runner.model.Scenario;
import io.handoffkit.conformance.runner.model.Section;
import io.handoffkit.conformance.runner.model.Suite;
import io.handoffkit.conformance.runner.model.Timing;
import io.handoffkit.conformance.runner.model.Transcript;
import io.handoffkit.conformance.runner.model.Transcript.Channel;
import io.handoffkit.conformance.runner.report.ConsoleReport;
import io.handoffkit.conformance.runner.report.Reports;
import io.handoffkit.conformance.runner.targets.AttachTarget;
import io.handoffkit.conformance.runner.targets.InProcessTarget;
import io.handoffkit.conformance.runner.targets.Target;
import io.handoffkit.conformance.runner.targets.TargetException;
import io.handoffkit.conformance.spec.RequirementId;
import java.io.IOException;
import java.net.ServerSocket;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.newsclub.net.unix.AFUNIXServerSocket;
import org.newsclub.net.unix.AFUNIXSocket;
import org.newsclub.net.unix.AFUNIXSocketAddress;
import org.w3c.dom.Document;

/**
 * The role seam: a second suite, defined here for the test only, runs through the same runner,
 * targets, reports and expected-failure machinery as the backend suite. It has the broker's shape
 * (two named endpoints: {@code {socket}}, which the implementation listens on, and
 * {@code {backend}}, which the runner listens on) and one trivial case: a byte sent on
 * {@code {socket}} arrives on {@code {backend}}. This is a test of the seam, not a suite.
 */
@DisplayName("The role seam: a second suite runs through the same runner, targets, reports and expected failures")
class SecondSuiteTest {

    private static final Endpoint SOCKET = new Endpoint("socket", "stub.sock", Endpoint.Listener.IMPLEMENTATION, "the stub's own socket");
    private static final Endpoint BACKEND = new Endpoint("backend", "backend.sock", Endpoint.Listener.RUNNER, "where the stub forwards to");
    private static final String CASE = "stub/PROFILE-1/1";
    private static final RunOptions OPTIONS = RunOptions.defaults().withTiming(Timing.DEFAULTS.withAckTimeout(Duration.ofSeconds(2)));

    enum StubSection implements Section {
        RELAY;

        @Override
        public String id() {
            return "relay";
        }

        @Override
        public String title() {
            return "relay";
        }

        @Override
        public String description() {
            return "a byte sent on {socket} arrives on {backend}";
        }
    }

    /** The runner as client and backend at once: send a byte on {socket}, receive what arrives on {backend}. */
    record StubDriver(Endpoints at, Timing timing, Transcript transcript) implements Driver<Byte, Optional<Byte>> {

        @Override
        public Set<ProtocolRole> plays() {
            return Set.of(ProtocolRole.CLIENT, ProtocolRole.BACKEND);
        }

        @Override
        public Optional<Byte> play(Byte sent) throws IOException {
            transcript.nextHandoff();
            // the target bound {backend} before it started the stub, which dials it only when it forwards
            ServerSocket listening = at.listening(BACKEND.name()).orElseThrow();
            listening.setSoTimeout((int) timing.ackTimeout().toMillis());
            try (RecordedSocket client = RecordedSocket.connect(at.path(SOCKET), Channel.CLIENT, transcript, "the stub")) {
                client.write(new byte[] {sent}, "one byte to forward");
                try (RecordedSocket forwarded = RecordedSocket.of((AFUNIXSocket) listening.accept(), Channel.HANDOFF, transcript)) {
                    byte[] got = forwarded.readExactly(1, timing.ackTimeout());
                    return got.length == 1 ? Optional.of(got[0]) : Optional.empty();
                }
            }
        }
    }

    /** A suite of one case, with the broker's endpoints. */
    static final class StubSuite implements Suite {

        private final List<Scenario<?>> scenarios = List.of(new Scenario<Optional<Byte>>("stub", "one byte, forwarded", StubSection.RELAY,
                ctx -> new StubDriver(ctx.endpoints(), ctx.timing(), ctx.transcript()).play((byte) 42))
                .check(RequirementId.PROFILE_1, 1, "the byte sent on {socket} arrives unchanged on {backend}",
                        (got, ctx) -> got.equals(Optional.of((byte) 42)) ? Outcome.pass("forwarded") : Outcome.fail("got " + got)));

        @Override
        public ProtocolRole role() {
            return ProtocolRole.BROKER;
        }

        @Override
        public String idPrefix() {
            return "stub";
        }

        @Override
        public List<Endpoint> endpoints() {
            return List.of(SOCKET, BACKEND);
        }

        @Override
        public List<Section> sections() {
            return List.of(StubSection.values());
        }

        @Override
        public List<Scenario<?>> scenarios() {
            return scenarios;
        }

        @Override
        public String pinnedResource() {
            return "io/handoffkit/conformance/runner/stub-cases.txt";
        }

        @Override
        public Optional<String> stillServes(Endpoints at, Timing timing) {
            try (AFUNIXSocket s = AFUNIXSocket.connectTo(AFUNIXSocketAddress.of(at.path(SOCKET)))) {
                return Optional.empty();
            } catch (IOException e) {
                return Optional.of("cannot connect: " + e.getMessage());
            }
        }
    }

    /** The implementation under test: per connection on {socket}, one byte forwarded to {backend}, plus {@code shift}. */
    static AutoCloseable stub(Endpoints at, int shift) throws IOException {
        AFUNIXServerSocket server = AFUNIXServerSocket.newInstance();
        server.setDeleteOnClose(true);
        server.bind(AFUNIXSocketAddress.of(at.path(SOCKET)));
        Thread loop = new Thread(() -> {
            while (!server.isClosed()) {
                try (AFUNIXSocket client = server.accept()) {
                    int b = client.getInputStream().read();
                    if (b >= 0) {
                        try (AFUNIXSocket backend = AFUNIXSocket.connectTo(AFUNIXSocketAddress.of(at.path(BACKEND)))) {
                            backend.getOutputStream().write(b + shift);
                        }
                    }
                } catch (IOException e) {
                    // the next connection, or the server is closed
                }
            }
        }, "stub");
        loop.setDaemon(true);
        loop.start();
        return server::close;
    }

    private static final StubSuite SUITE = new StubSuite();
    private static final Function<Case, String> REPRODUCE = c -> "rerun " + c.id();

    private static Target inProcess(int shift) {
        return InProcessTarget.withEndpoints("the stub (shift " + shift + ")", at -> stub(at, shift));
    }

    private static RunResult run(Target target, Optional<ExpectedFailures> expected, StringWriter console) throws TargetException {
        ConsoleReport report = new ConsoleReport(new PrintWriter(console), false, false, REPRODUCE);
        RunResult r = new ConformanceRunner(SUITE, target, OPTIONS, expected, report, new PrintStream(OutputStream.nullOutputStream())).run();
        report.finished(r);
        return r;
    }

    @Test
    @DisplayName("its catalogue is built like the backend suite's: IDs <prefix>/<REQ>/<n> quoting SPEC.md, equal to its pinned list")
    void catalogue() {
        assertEquals(List.of(CASE), SUITE.cases().stream().map(c -> c.id()).toList());
        assertEquals(SUITE.pinned(), SUITE.cases().stream().map(Suite::pinnedLine).toList());
        assertTrue(SUITE.cases().get(0).quote().startsWith("PROFILE-1 (MUST) Listen at the given path: "));
    }

    @Test
    @DisplayName("an in-process target with two named endpoints: the case passes; console, JSON, JUnit XML, HTML and Markdown report it")
    void runsThroughTheRunnerAndTheReports(@TempDir Path dir) throws Exception {
        StringWriter console = new StringWriter();
        RunResult r = run(inProcess(0), Optional.empty(), console);
        assertEquals(0, r.exitCode(), console.toString());
        assertEquals(1, r.results().size());
        assertEquals(CaseVerdict.PASSED, r.results().get(0).verdict(), r.results().get(0).message());
        assertTrue(console.toString().contains("relay") && console.toString().contains("PASS: every MUST case passed"), console.toString());
        assertTrue(r.results().get(0).transcript().entries().stream().anyMatch(e -> e.channel() == Channel.HANDOFF && e.bytes().length == 1),
                "the forwarded byte is in the transcript");

        Reports.writeJson(r, REPRODUCE, dir.resolve("r.json"));
        JsonNode json = new ObjectMapper().readTree(dir.resolve("r.json").toFile());
        assertEquals(CASE, json.path("cases").get(0).path("id").asText());
        assertEquals("relay", json.path("sections").get(0).path("section").asText());
        assertEquals("rerun " + CASE, json.path("cases").get(0).path("reproduce").asText());

        Reports.writeJunitXml(r, REPRODUCE, dir.resolve("junit.xml"));
        Document junit = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(dir.resolve("junit.xml").toFile());
        assertEquals("stub.relay", junit.getElementsByTagName("testcase").item(0).getAttributes().getNamedItem("classname").getNodeValue());

        Reports.writeHtml(r, REPRODUCE, dir.resolve("r.html"));
        assertTrue(Files.readString(dir.resolve("r.html")).contains(CASE));
        Reports.writeMarkdown(r, REPRODUCE, dir.resolve("r.md"));
        assertTrue(Files.readString(dir.resolve("r.md")).contains("| relay | 1 | 1 | 0 | 0 | 0 | 0 |"), Files.readString(dir.resolve("r.md")));
    }

    @Test
    @DisplayName("a failing implementation: the case fails; an exact expected-failure list passes the run, an empty one prints the corrected list")
    void expectedFailures() throws TargetException {
        RunResult listed = run(inProcess(1), Optional.of(ExpectedFailures.parse("# forwards the wrong byte\n" + CASE + "\n")), new StringWriter());
        assertEquals(CaseVerdict.FAILED, listed.results().get(0).verdict());
        assertTrue(listed.results().get(0).expectedFailure());
        assertTrue(listed.expectations().orElseThrow().matches());
        assertEquals(0, listed.exitCode());

        StringWriter console = new StringWriter();
        RunResult unlisted = run(inProcess(1), Optional.of(ExpectedFailures.none()), console);
        assertEquals(1, unlisted.exitCode());
        assertEquals(List.of(CASE), unlisted.expectations().orElseThrow().corrected());
        assertTrue(console.toString().contains("failed, but not listed: " + CASE) && console.toString().contains("rerun " + CASE), console.toString());

        RunResult unknown = run(inProcess(0), Optional.of(ExpectedFailures.of(List.of("stub/PROFILE-1/2"))), new StringWriter());
        assertEquals(Set.of("stub/PROFILE-1/2"), unknown.expectations().orElseThrow().unknown());
        assertFalse(unknown.passed());
    }

    @Test
    @DisplayName("attach: one path per endpoint by name, and the runner binds the endpoint it listens on itself")
    void attachWithTwoEndpoints() throws Exception {
        Path dir = Files.createTempDirectory(Path.of("/tmp"), "handoff-kit-stub-");
        Endpoints at = Endpoints.in(dir, SUITE.endpoints());
        try (AutoCloseable running = stub(at, 0)) {
            Target target = new AttachTarget(Map.of("socket", at.path(SOCKET), "backend", at.path(BACKEND)), Duration.ofSeconds(2));
            RunResult r = run(target, Optional.empty(), new StringWriter());
            assertEquals(0, r.exitCode(), r.results().get(0).message());
        } finally {
            try (var files = Files.list(dir)) {
                for (Path f : files.toList()) {
                    Files.deleteIfExists(f);
                }
            }
            Files.deleteIfExists(dir);
        }
    }
}
