package io.handoffkit.conformance.runner;

import io.handoffkit.conformance.runner.model.RunOptions;
import io.handoffkit.conformance.runner.model.RunResult;
import io.handoffkit.conformance.runner.suite.broker.BrokerSuite;
import io.handoffkit.conformance.runner.targets.InProcessTarget;
import io.handoffkit.conformance.runner.targets.TargetException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * The broker suite as tests of a JVM implementer's own project: their broker object, started on a
 * client-facing socket and a handoff endpoint the suite chooses (the runner listens on the latter
 * as the backend), judged by every case over real sockets and descriptors. With JUnit 5:
 *
 * <pre>{@code
 * @TestFactory
 * Stream<DynamicTest> brokerConformance() {
 *     return JvmBrokerSuite.of("my broker", Duration.ofMillis(300), (socket, backend) -> MyBroker.start(socket, backend))
 *             .tests((name, body) -> DynamicTest.dynamicTest(name, body::run));
 * }
 * }</pre>
 *
 * The broker's ACK deadline is what the deadline cases wait out: give the broker a short one; its
 * Hello bound (BPROFILE-5, 30 s by default) is what the trickled-Hello case waits out: give it a
 * short one too and say so with {@code options(o -> o.withTiming(o.timing().withIdleBound(...)))}. As
 * with {@link JvmBackendSuite}, a failed MUST case throws an {@link AssertionError} with the bytes;
 * a failed SHOULD case prints a warning and passes (unless {@link #strict()}).
 */
public final class JvmBrokerSuite {

    /** Starts a broker on {@code socket} that dials {@code backend} for each handoff; closing what it returns stops it. */
    @FunctionalInterface
    public interface Launcher {
        AutoCloseable start(Path socket, Path backend) throws Exception;
    }

    /** A test body, shaped like JUnit's {@code Executable}. */
    @FunctionalInterface
    public interface Body {
        void run() throws Throwable;
    }

    private final JvmSuiteRun run;

    private JvmBrokerSuite(JvmSuiteRun run) {
        this.run = run;
    }

    /** @param ackDeadline the broker's ACK deadline (the run's {@code --ack-timeout}) */
    public static JvmBrokerSuite of(String name, Duration ackDeadline, Launcher launcher) {
        InProcessTarget target = InProcessTarget.withEndpoints(name, at -> launcher.start(at.path(BrokerSuite.SOCKET), at.path(BrokerSuite.BACKEND)));
        RunOptions options = RunOptions.defaults().withTiming(BrokerSuite.DEFAULT_TIMING.withAckTimeout(ackDeadline));
        return new JvmBrokerSuite(new JvmSuiteRun(BrokerSuite.SUITE, target, options, false));
    }

    /** Adjust the run: time bounds, tries, seed, sections. */
    public JvmBrokerSuite options(Function<RunOptions, RunOptions> change) {
        return new JvmBrokerSuite(new JvmSuiteRun(BrokerSuite.SUITE, run.target(), Objects.requireNonNull(change.apply(run.options())), run.strict()));
    }

    /** Fail SHOULD-level cases too. */
    public JvmBrokerSuite strict() {
        return new JvmBrokerSuite(new JvmSuiteRun(BrokerSuite.SUITE, run.target(), run.options(), true));
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
