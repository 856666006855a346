package io.handoffkit.conformance.runner;

import io.handoffkit.conformance.runner.model.RunOptions;
import io.handoffkit.conformance.runner.model.RunResult;
import io.handoffkit.conformance.runner.suite.backend.BackendSuite;
import io.handoffkit.conformance.runner.targets.InProcessTarget;
import io.handoffkit.conformance.runner.targets.TargetException;
import java.util.Objects;
import java.util.function.BiFunction;
import java.util.function.Function;
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

    private final JvmSuiteRun run;

    private JvmBackendSuite(InProcessTarget target, RunOptions options, boolean strict) {
        this.run = new JvmSuiteRun(BackendSuite.SUITE, target, options, strict);
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
        return new JvmBackendSuite(run.target(), Objects.requireNonNull(change.apply(run.options())), run.strict());
    }

    /** Fail SHOULD-level cases too. */
    public JvmBackendSuite strict() {
        return new JvmBackendSuite(run.target(), run.options(), true);
    }

    /** One test per selected case, named {@code "<id> (<level>) <title>"}. */
    public <T> Stream<T> tests(BiFunction<String, Body, T> factory) {
        return run.tests((name, body) -> factory.apply(name, body::run));
    }

    /** The whole run (run once, on first use). */
    public RunResult run() throws TargetException {
        return run.run();
    }
}
