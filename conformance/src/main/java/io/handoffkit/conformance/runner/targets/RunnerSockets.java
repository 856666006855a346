package io.handoffkit.conformance.runner.targets;

import io.handoffkit.conformance.runner.model.Endpoint;
import io.handoffkit.conformance.runner.model.Endpoints;
import io.handoffkit.conformance.runner.model.Errors;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.newsclub.net.unix.AFUNIXServerSocket;
import org.newsclub.net.unix.AFUNIXSocketAddress;

/**
 * The runner's own endpoints ({@code {backend}} of a broker under test), bound before the
 * implementation starts and kept until it is stopped: an implementation may dial or check them at
 * startup, and a path that exists for the whole run is what a deployment gives it too.
 */
final class RunnerSockets {

    private RunnerSockets() {}

    /** {@code endpoints} in {@code dir}, the runner's own bound already; on failure {@code dir} is removed. */
    static Endpoints in(Path dir, List<Endpoint> endpoints) throws TargetException {
        try {
            return bind(Endpoints.in(dir, endpoints));
        } catch (TargetException e) {
            SocketWait.deleteTree(dir);
            throw e;
        }
    }

    /** {@code at} with a listening socket at each of the runner's endpoints; none when binding one fails. */
    static Endpoints bind(Endpoints at) throws TargetException {
        Map<String, ServerSocket> bound = new LinkedHashMap<>();
        for (Endpoint e : at.listenedByRunner()) {
            try {
                AFUNIXServerSocket listening = AFUNIXServerSocket.newInstance();
                listening.setDeleteOnClose(true);
                bound.put(e.name(), listening);
                listening.bind(AFUNIXSocketAddress.of(at.path(e)));
            } catch (IOException | RuntimeException ex) {
                close(at.listeningOn(bound));
                throw new TargetException("the runner cannot listen on " + e.placeholder() + " at " + at.path(e) + ": " + Errors.message(ex), ex);
            }
        }
        return at.listeningOn(bound);
    }

    /** Stop listening at the runner's endpoints of {@code at} (their socket files go too). */
    static void close(Endpoints at) {
        for (Endpoint e : at.listenedByRunner()) {
            at.listening(e.name()).ifPresent(s -> {
                try {
                    s.close();
                } catch (IOException ex) {
                    // the run is over; nothing waits on it any more
                }
            });
        }
    }
}
