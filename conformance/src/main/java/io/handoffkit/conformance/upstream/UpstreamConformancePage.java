package io.handoffkit.conformance.upstream;

import io.handoffkit.conformance.runner.ConformanceRunner;
import io.handoffkit.conformance.runner.model.Case;
import io.handoffkit.conformance.runner.model.ExpectedFailures;
import io.handoffkit.conformance.runner.model.RunListener;
import io.handoffkit.conformance.runner.model.RunOptions;
import io.handoffkit.conformance.runner.model.RunResult;
import io.handoffkit.conformance.runner.model.Timing;
import io.handoffkit.conformance.runner.report.ConsoleReport;
import io.handoffkit.conformance.runner.report.Reports;
import io.handoffkit.conformance.runner.suite.backend.BackendSuite;
import io.handoffkit.conformance.runner.targets.ExecTarget;
import io.handoffkit.conformance.runner.targets.TargetException;
import io.handoffkit.profile.Profile;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Function;

/**
 * "Upstream 4.5.5's conformance report" ({@code docs/upstream-4.5.5-conformance.md}), generated,
 * never written by hand: the whole suite against the upstream peer's {@code oracle-backend} in
 * profile mode (SPEC.md Appendix A), gated by the exact list of the cases upstream fails
 * ({@value #EXPECTED_FAILURES}, whose comments say which upstream behaviour each one is). The page
 * names the release and commit from the peer's manifest and shows the peer's location as
 * {@code $HANDOFF_KIT_UPSTREAM_PEER}, so it reads the same wherever the peer is.
 *
 * <pre>
 * java -cp conformance/target/handoff-kit.jar io.handoffkit.conformance.upstream.UpstreamConformancePage \
 *     docs/upstream-4.5.5-conformance.md [report.html]
 * </pre>
 */
public final class UpstreamConformancePage {

    /** The expected-failure list, on the class path (in the jar) and in the source tree. */
    public static final String EXPECTED_FAILURES = "upstream/oracle-backend-4.5.5.expected-failures";
    public static final Path PAGE = Path.of("docs", "upstream-4.5.5-conformance.md");

    /** oracle-backend takes a seed in every mode; profile mode does not use it. */
    static final String PEER_SEED = "000102030405060708090a0b0c0d0e0f";
    /** The peer's own deadline for an incomplete handoff (glue: upstream reads without one), and the runner's bound for it. */
    static final Duration PEER_READ_TIMEOUT = Duration.ofSeconds(1);
    static final Duration IDLE_BOUND = Duration.ofSeconds(2);
    /** The property-driven cases' seed: fixed, so that the page changes only when an outcome does. */
    static final long SEED = 455;
    static final Duration STARTUP = Duration.ofSeconds(10);
    static final String PEER_PLACEHOLDER = "$" + UpstreamPeer.LOCATION_VARIABLE;

    private final UpstreamPeer peer;

    public UpstreamConformancePage(UpstreamPeer peer) {
        this.peer = peer;
    }

    /** The list this page's run is gated by. */
    public static ExpectedFailures expectedFailures() {
        try (InputStream in = UpstreamConformancePage.class.getClassLoader().getResourceAsStream(EXPECTED_FAILURES)) {
            if (in == null) {
                throw new IllegalStateException(EXPECTED_FAILURES + " is not on the class path");
            }
            return ExpectedFailures.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public RunOptions options() {
        // the peer is release 4.5.5: judged against that profile (PROFILE-6's deadline-bounded reads are 4.6.2's)
        return RunOptions.defaults().withTiming(Timing.DEFAULTS.withIdleBound(IDLE_BOUND)).withSeed(SEED).withProfile(Profile.V4_5_5);
    }

    /** The backend command the exec target starts. */
    public String backendCommand() {
        return peer.backend() + " {socket} " + PEER_SEED + " --token-mode profile --read-timeout-ms " + PEER_READ_TIMEOUT.toMillis();
    }

    /** The whole suite against the peer's backend, with the expected-failure list. */
    public RunResult run(RunListener listener) throws TargetException {
        return new ConformanceRunner(BackendSuite.SUITE, new ExecTarget(backendCommand(), STARTUP), options(), Optional.of(expectedFailures()), listener,
                new PrintStream(OutputStream.nullOutputStream())).run();
    }

    /** The same run as one {@code handoff-kit run} command line, followed by {@code extra}. */
    public String commandLine(String extra) {
        return "./handoff-kit run --profile 4.5.5 --cmd \"" + backendCommand() + "\" --idle-bound " + IDLE_BOUND.toSeconds() + "s --seed " + SEED
                + " --expect-failures conformance/src/main/resources/" + EXPECTED_FAILURES + extra;
    }

    /** The rerun line of one case. */
    public Function<Case, String> reproduce() {
        return c -> commandLine(" --case " + c.id());
    }

    /** The page for a finished {@link #run}. */
    public String page(RunResult r) throws IOException {
        UpstreamPeer.Release release = peer.release();
        String preface = "What upstream running-process " + release.version() + " does as a backend under test (SPEC.md, Appendix A):"
                + " the whole suite run against the upstream peer's `oracle-backend` in profile mode, which is upstream's"
                + " handoff code at tag " + release.version() + " (commit `" + release.commit() + "`, the header of the peer's"
                + " `src/UPSTREAM_MANIFEST.txt`) compiled verbatim, with thin glue: it listens on the socket, takes the 16"
                + " sideband bytes as the expected token, echoes on adopted connections, and drops an incomplete handoff after "
                + PEER_READ_TIMEOUT.toMillis() + " ms (`--read-timeout-ms`; upstream itself reads without a deadline).\n\n"
                + "The failing cases are exactly those of `conformance/src/main/resources/" + EXPECTED_FAILURES + "`; its note on"
                + " each is the upstream behaviour behind it. Command (`" + PEER_PLACEHOLDER + "` is where the peer is):\n\n"
                + "```sh\n" + commandLine(" --markdown report.md") + "\n```\n\n"
                + "This page is generated (never edit it by hand), and `UpstreamBackendConformanceTest` fails when it is not what"
                + " the generator writes now. To regenerate it:\n\n"
                + "```sh\n./mvnw -q -pl conformance -am package -DskipTests\n"
                + "java -cp conformance/target/handoff-kit.jar " + UpstreamConformancePage.class.getName() + " " + PAGE + "\n```";
        String page = Reports.markdown(r, "Upstream running-process " + release.version() + ": conformance report", preface, reproduce());
        return page.replace(peer.home().toString(), PEER_PLACEHOLDER);
    }

    /** {@code [PAGE [HTML]]}: run, write the page (default {@link #PAGE}) and, if named, the HTML report. Exit 0 when the list matched. */
    public static void main(String[] args) throws Exception {
        UpstreamPeer peer = UpstreamPeer.locate().orElseThrow(() -> new IllegalStateException(UpstreamPeer.absence()));
        UpstreamConformancePage generator = new UpstreamConformancePage(peer);
        PrintWriter out = new PrintWriter(System.out, true, StandardCharsets.UTF_8);
        ConsoleReport console = new ConsoleReport(out, false, false, generator.reproduce());
        RunResult r = generator.run(console);
        console.finished(r);
        Path page = args.length > 0 ? Path.of(args[0]) : PAGE;
        Files.createDirectories(page.toAbsolutePath().getParent());
        Files.writeString(page, generator.page(r), StandardCharsets.UTF_8);
        out.println("wrote " + page);
        if (args.length > 1) {
            Reports.writeHtml(r, generator.reproduce(), Path.of(args[1]));
            out.println("wrote " + args[1]);
        }
        System.exit(r.exitCode());
    }
}
