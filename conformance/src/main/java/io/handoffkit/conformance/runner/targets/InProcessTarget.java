package io.handoffkit.conformance.runner.targets;

import io.handoffkit.conformance.runner.model.Endpoint;
import io.handoffkit.conformance.runner.model.Endpoints;
import io.handoffkit.conformance.runner.model.Timing;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * An implementation in Java, started in this JVM on socket paths the runner chooses (a fresh
 * directory per start): the JUnit entry point ({@code JvmBackendSuite}) and the reference target
 * use it. It still listens on real Unix sockets and exchanges real descriptors.
 */
public final class InProcessTarget implements Target {

    /** Starts a backend listening on {@code socket} (the endpoint {@code {socket}}); closing the handle stops it. */
    @FunctionalInterface
    public interface Launcher {
        AutoCloseable start(Path socket) throws Exception;
    }

    /** Starts an implementation with all its endpoints; closing the handle stops it. */
    @FunctionalInterface
    public interface EndpointsLauncher {
        AutoCloseable start(Endpoints endpoints) throws Exception;
    }

    private final String description;
    private final EndpointsLauncher launcher;
    private final Duration startupTimeout;
    private final UnaryOperator<Timing> timing;

    private InProcessTarget(String description, EndpointsLauncher launcher, Duration startupTimeout, UnaryOperator<Timing> timing) {
        this.description = Objects.requireNonNull(description, "description");
        this.launcher = Objects.requireNonNull(launcher, "launcher");
        this.startupTimeout = Objects.requireNonNull(startupTimeout, "startupTimeout");
        this.timing = Objects.requireNonNull(timing, "timing");
    }

    private InProcessTarget(String description, EndpointsLauncher launcher, Duration startupTimeout) {
        this(description, launcher, startupTimeout, UnaryOperator.identity());
    }

    /** The same implementation, with the time bounds that suit it (its own deadlines), unless the command line says otherwise. */
    public InProcessTarget withTiming(UnaryOperator<Timing> bounds) {
        return new InProcessTarget(description, launcher, startupTimeout, bounds);
    }

    @Override
    public Timing timing(Timing defaults) {
        return timing.apply(defaults);
    }

    /** A backend (or any implementation with one endpoint, {@code {socket}}) started on its socket path. */
    public InProcessTarget(String description, Launcher launcher, Duration startupTimeout) {
        this(description, (EndpointsLauncher) at -> launcher.start(at.path("socket")), startupTimeout);
        Objects.requireNonNull(launcher, "launcher");
    }

    public InProcessTarget(String description, Launcher launcher) {
        this(description, launcher, Duration.ofSeconds(10));
    }

    /** An implementation started with every endpoint of its role. */
    public static InProcessTarget withEndpoints(String description, EndpointsLauncher launcher) {
        return new InProcessTarget(description, launcher, Duration.ofSeconds(10));
    }

    @Override
    public String describe() {
        return description;
    }

    @Override
    public RunningTarget start(List<Endpoint> endpoints) throws TargetException {
        Path dir = SocketWait.tempDir();
        Endpoints at = RunnerSockets.in(dir, endpoints);
        AutoCloseable handle;
        try {
            handle = launcher.start(at);
        } catch (Exception e) {
            RunnerSockets.close(at);
            SocketWait.deleteTree(dir);
            throw new TargetException("the implementation could not start on " + at + ": " + e, e);
        }
        RunningTarget running = new RunningTarget() {
            @Override
            public Endpoints endpoints() {
                return at;
            }

            @Override
            public void close() {
                try {
                    handle.close();
                } catch (Exception e) {
                    // stopping it is best effort
                }
                RunnerSockets.close(at);
                SocketWait.deleteTree(dir);
            }
        };
        try {
            SocketWait.await(at, startupTimeout, Optional::empty);
        } catch (TargetException e) {
            running.close();
            throw e;
        }
        return running;
    }
}
