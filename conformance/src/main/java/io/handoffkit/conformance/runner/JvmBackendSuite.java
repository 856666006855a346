package io.handoffkit.conformance.runner;

import io.handoffkit.conformance.runner.model.Case;
import io.handoffkit.conformance.runner.model.CaseResult;
import io.handoffkit.conformance.runner.model.CaseVerdict;
import io.handoffkit.conformance.runner.model.RunListener;
import io.handoffkit.conformance.runner.model.RunOptions;
import io.handoffkit.conformance.runner.model.RunResult;
import io.handoffkit.conformance.runner.model.Scenario;
import io.handoffkit.conformance.runner.report.Reports;
import io.handoffkit.conformance.runner.report.TranscriptText;
import io.handoffkit.conformance.runner.suite.backend.BackendSuite;
import io.handoffkit.conformance.runner.targets.InProcessTarget;
import io.handoffkit.conformance.runner.targets.TargetException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The runner as tests of a JVM implementer's own project: their backend object, started on a
 * socket the suite chooses, judged by every case of the suite over real sockets and descriptors.
 * No test-framework types here, so any JUnit version (or another framework) can adapt it; with
 * JUnit 5:
 *
 * <pre>{@code
 * @TestFactory
 * Stream<DynamicTest> handoffConformance() {
 *     return JvmBackendSuite.of("my backend", socket -> MyBackend.listen(socket))
 *             .tests((name, body) -> DynamicTest.dynamicTest(name, body::run));
 * }
 * }</pre>
 *
 * The suite runs once, when the first test body runs; each test then reports its case: a failed
 * MUST case throws an {@link AssertionError} with the explanation and the bytes sent and received;
 * a failed SHOULD case, and a case skipped as not applicable, print a warning and pass (unless
 * {@link #strict()}).
 */
public final class JvmBackendSuite {

    /** A test body, shaped like JUnit's {@code Executable}. */
    @FunctionalInterface
    public interface Body {
        void run() throws Throwable;
    }

    private final InProcessTarget target;
    private final RunOptions options;
    private final boolean strict;
    private RunResult result;

    private JvmBackendSuite(InProcessTarget target, RunOptions options, boolean strict) {
        this.target = target;
        this.options = options;
        this.strict = strict;
    }

    /**
     * @param launcher starts the backend listening on the given socket path; closing what it returns stops it
     *     (the suite starts it again if it stops serving)
     */
    public static JvmBackendSuite of(String name, InProcessTarget.Launcher launcher) {
        return new JvmBackendSuite(new InProcessTarget(name, launcher), RunOptions.defaults(), false);
    }

    /** Adjust the run: time bounds (the idle bound should match the backend's own deadline), tries, seed, sections. */
    public JvmBackendSuite options(Function<RunOptions, RunOptions> change) {
        return new JvmBackendSuite(target, Objects.requireNonNull(change.apply(options)), strict);
    }

    /** Fail SHOULD-level cases too. */
    public JvmBackendSuite strict() {
        return new JvmBackendSuite(target, options, true);
    }

    /** One test per selected case, named {@code "<id> (<level>) <title>"}. */
    public <T> Stream<T> tests(BiFunction<String, Body, T> factory) {
        List<Case> cases = BackendSuite.SUITE.selected(options).stream()
                .flatMap(s -> s.cases().stream().map(Scenario.Judged::definition)).toList();
        return cases.stream().map(c -> factory.apply(c.id() + " (" + c.level() + ") " + c.title(), () -> check(c)));
    }

    /** The whole run (run once, on first use). */
    public synchronized RunResult run() throws TargetException {
        if (result == null) {
            result = new ConformanceRunner(BackendSuite.SUITE, target, options, Optional.empty(), RunListener.NONE,
                    new PrintStream(OutputStream.nullOutputStream())).run();
        }
        return result;
    }

    private void check(Case c) throws TargetException {
        Map<String, CaseResult> byId = run().results().stream().collect(Collectors.toMap(r -> r.definition().id(), r -> r, (a, b) -> a));
        CaseResult r = byId.get(c.id());
        if (r == null) {
            throw new AssertionError(c.id() + " did not run");
        }
        String explanation = c.id() + " (" + c.level() + ") " + c.title() + "\n  requirement: " + c.quote() + "\n  "
                + r.verdict() + ": " + r.message() + "\n  what the runner sent and received:\n"
                + TranscriptText.render(r.transcript(), Reports.DUMP_BYTES, "    ");
        if (r.failed() && (c.must() || strict)) {
            throw new AssertionError(explanation);
        }
        if (r.verdict() != CaseVerdict.PASSED) {
            System.err.println("warning: " + explanation);
        }
    }
}
