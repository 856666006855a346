package io.handoffkit.conformance.runner.targets;

import io.handoffkit.conformance.runner.model.Durations;
import io.handoffkit.conformance.runner.model.Endpoint;
import io.handoffkit.conformance.runner.model.Endpoints;
import io.handoffkit.conformance.runner.model.Errors;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Supplier;
import org.newsclub.net.unix.AFUNIXSocket;
import org.newsclub.net.unix.AFUNIXSocketAddress;

/** Waits, bounded, until Unix socket paths accept connections; makes and removes the directories they are in. */
final class SocketWait {

    private SocketWait() {}

    /**
     * Wait at most {@code timeout} in all until every endpoint the implementation listens on accepts a
     * connection (the runner's own endpoints are the runner's to bind).
     *
     * @param gone empty while the implementation may still come up; else why it never will (its process exited)
     */
    static void await(Endpoints at, Duration timeout, Supplier<Optional<String>> gone) throws TargetException {
        long end = System.nanoTime() + timeout.toNanos();
        for (Endpoint e : at.listenedByImplementation()) {
            await(at.path(e), Duration.ofNanos(Math.max(0, end - System.nanoTime())), gone);
        }
    }

    /**
     * Wait at most {@code timeout} for {@code socket} to accept a connection (the probe connection is
     * closed at once: for a backend, a broker hanging up before its sideband, which it must survive).
     *
     * @param gone empty while the implementation may still come up; else why it never will (its process exited)
     */
    static void await(Path socket, Duration timeout, Supplier<Optional<String>> gone) throws TargetException {
        long end = System.nanoTime() + timeout.toNanos();
        String last = "the socket does not exist";
        while (true) {
            Optional<String> why = gone.get();
            if (why.isPresent()) {
                throw new TargetException("the implementation " + why.get() + " before it listened on " + socket);
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

    /** A fresh private directory for sockets, short enough for the 108-byte socket path limit. */
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
