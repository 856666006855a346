package io.handoffkit.conformance.runner.target;

import io.handoffkit.conformance.runner.model.Durations;
import io.handoffkit.conformance.runner.model.Errors;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Supplier;
import org.newsclub.net.unix.AFUNIXSocket;
import org.newsclub.net.unix.AFUNIXSocketAddress;

/** Waits, bounded, until a Unix socket path accepts connections. */
final class SocketWait {

    private SocketWait() {}

    /**
     * Wait at most {@code timeout} for {@code socket} to accept a connection (the probe connection is
     * closed at once: a broker hanging up before its sideband, which a backend must survive).
     *
     * @param gone empty while the backend may still come up; else why it never will (its process exited)
     */
    static void await(Path socket, Duration timeout, Supplier<Optional<String>> gone) throws TargetException {
        long end = System.nanoTime() + timeout.toNanos();
        String last = "the socket does not exist";
        while (true) {
            Optional<String> why = gone.get();
            if (why.isPresent()) {
                throw new TargetException("the backend " + why.get() + " before it listened on " + socket);
            }
            if (Files.exists(socket)) {
                try (AFUNIXSocket s = AFUNIXSocket.connectTo(AFUNIXSocketAddress.of(socket))) {
                    return;
                } catch (IOException e) {
                    last = "connecting failed: " + Errors.message(e);
                }
            }
            if (System.nanoTime() - end > 0) {
                throw new TargetException("nothing accepted connections at " + socket + " within " + Durations.format(timeout) + " (" + last + ")");
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new TargetException("interrupted while waiting for " + socket);
            }
        }
    }

    /** The backend socket's name in a {@link #tempDir()}. */
    static final String SOCKET_NAME = "backend.sock";

    /** A fresh private directory for a socket, short enough for the 108-byte socket path limit. */
    static Path tempDir() throws TargetException {
        try {
            Path base = Path.of(System.getProperty("java.io.tmpdir"));
            if (base.toAbsolutePath().toString().length() > 60) {
                base = Path.of("/tmp");
            }
            return Files.createTempDirectory(base, "handoff-kit-");
        } catch (IOException e) {
            throw new TargetException("cannot create a temporary directory: " + e.getMessage(), e);
        }
    }

    static void deleteTree(Path dir) {
        try (var walk = Files.walk(dir)) {
            walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    // best effort
                }
            });
        } catch (IOException e) {
            // best effort
        }
    }
}
