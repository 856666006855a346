package io.handoffkit.conformance.runner.target;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/** An implementation already running at a socket path ({@code --socket PATH}); the runner cannot restart it. */
public final class AttachTarget implements BackendTarget {

    private final Path socket;
    private final Duration connectTimeout;

    public AttachTarget(Path socket, Duration connectTimeout) {
        this.socket = socket.toAbsolutePath();
        this.connectTimeout = connectTimeout;
    }

    @Override
    public String describe() {
        return "attach: the backend listening at " + socket;
    }

    @Override
    public boolean restartable() {
        return false;
    }

    @Override
    public RunningBackend start() throws TargetException {
        SocketWait.await(socket, connectTimeout, Optional::empty);
        return new RunningBackend() {
            @Override
            public Path socket() {
                return socket;
            }

            @Override
            public void close() {
                // not ours to stop
            }
        };
    }
}
