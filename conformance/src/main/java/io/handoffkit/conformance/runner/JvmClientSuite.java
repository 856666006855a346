package io.handoffkit.conformance.runner;

import io.handoffkit.conformance.runner.model.RunOptions;
import io.handoffkit.conformance.runner.model.RunResult;
import io.handoffkit.conformance.runner.suite.client.ClientSuite;
import io.handoffkit.conformance.runner.targets.InProcessTarget;
import io.handoffkit.conformance.runner.targets.TargetException;
import java.nio.file.Path;
import java.util.Objects;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * The client suite as tests of a JVM implementer's own project: their client, started in its session
 * loop (SPEC.md Appendix C: dial, Hello, relay or reconnect, the agreed probe, echo; again) against
 * a broker socket the suite chooses and listens on, judged by every case over real sockets and
 * descriptors. With JUnit 5:
 *
 * <pre>{@code
 * @TestFactory
 * Stream<DynamicTest> clientConformance() {
 *     return JvmClientSuite.of("my client", socket -> MyClientLoop.start(socket, Duration.ofSeconds(1)))
 *             .tests((name, body) -> DynamicTest.dynamicTest(name, body::run));
 * }
 * }</pre>
 *
 * The client's relay wait is what the timing cases wait out: give it the shortest the profile
 * allows (1 s). As with {@link JvmBackendSuite}, a failed MUST case throws an {@link AssertionError}
 * with the bytes; a failed SHOULD case prints a warning and passes (unless {@link #strict()}).
 */
public final class JvmClientSuite {

    /** Starts a client that dials the broker at {@code socket} session after session; closing what it returns stops it. */
    @FunctionalInterface
    public interface Launcher {
        AutoCloseable start(Path socket) throws Exception;
    }

    /** A test body, shaped like JUnit's {@code Executable}. */
    @FunctionalInterface
    public interface Body {
        void run() throws Throwable;
    }

    private final JvmSuiteRun run;

    private JvmClientSuite(JvmSuiteRun run) {
        this.run = run;
    }

    public static JvmClientSuite of(String name, Launcher launcher) {
        InProcessTarget target = InProcessTarget.withEndpoints(name, at -> launcher.start(at.path(ClientSuite.SOCKET)));
        return new JvmClientSuite(new JvmSuiteRun(ClientSuite.SUITE, target, RunOptions.defaults(), false));
    }

    /** Adjust the run: time bounds, tries, seed, sections. */
    public JvmClientSuite options(Function<RunOptions, RunOptions> change) {
        return new JvmClientSuite(new JvmSuiteRun(ClientSuite.SUITE, run.target(), Objects.requireNonNull(change.apply(run.options())), run.strict()));
    }

    /** Fail SHOULD-level cases too. */
    public JvmClientSuite strict() {
        return new JvmClientSuite(new JvmSuiteRun(ClientSuite.SUITE, run.target(), run.options(), true));
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
