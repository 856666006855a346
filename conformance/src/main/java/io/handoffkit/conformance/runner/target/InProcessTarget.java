package io.handoffkit.conformance.runner.target;

import io.handoffkit.conformance.runner.JvmBackendSuite;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * A backend implemented in Java and started in this JVM on a socket path the runner chooses:
 * the JUnit entry point ({@link JvmBackendSuite}) and the reference target use it. The backend
 * still listens on a real Unix socket and receives real descriptors.
 */
public final class InProcessTarget implements BackendTarget {

    /** Starts a backend listening on {@code socket}; closing the handle stops it. */
    @FunctionalInterface
    public interface Launcher {
        AutoCloseable start(Path socket) throws Exception;
    }

    private final String description;
    private final Launcher launcher;
    private final Duration startupTimeout;

    public InProcessTarget(String description, Launcher launcher, Duration startupTimeout) {
        this.description = Objects.requireNonNull(description, "description");
        this.launcher = Objects.requireNonNull(launcher, "launcher");
        this.startupTimeout = Objects.requireNonNull(startupTimeout, "startupTimeout");
    }

    public InProcessTarget(String description, Launcher launcher) {
        this(description, launcher, Duration.ofSeconds(10));
    }

    @Override
    public String describe() {
        return description;
    }

    @Override
    public RunningBackend start() throws TargetException {
        Path dir = SocketWait.tempDir();
        Path socket = dir.resolve(SocketWait.SOCKET_NAME);
        AutoCloseable handle;
        try {
            handle = launcher.start(socket);
        } catch (Exception e) {
            SocketWait.deleteTree(dir);
            throw new TargetException("the backend could not start on " + socket + ": " + e, e);
        }
        RunningBackend running = new RunningBackend() {
            @Override
            public Path socket() {
                return socket;
            }

            @Override
            public void close() {
                try {
                    handle.close();
                } catch (Exception e) {
                    // stopping it is best effort
                }
                SocketWait.deleteTree(dir);
            }
        };
        try {
            SocketWait.await(socket, startupTimeout, java.util.Optional::empty);
        } catch (TargetException e) {
            running.close();
            throw e;
        }
        return running;
    }
}
