package io.handoffkit.conformance.runner.drive;

import io.handoffkit.conformance.runner.model.Durations;
import io.handoffkit.conformance.runner.model.Transcript;
import io.handoffkit.conformance.runner.model.Transcript.Channel;
import io.handoffkit.transport.unix.Descriptors;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.Optional;
import org.newsclub.net.unix.AFUNIXSocket;

/**
 * Accepting on an endpoint the runner listens on for the whole run ({@code Endpoints.listening}):
 * a bounded accept, and closing the dials still queued from an earlier exchange, which are not the
 * next exchange's.
 */
public final class RunnerListening {

    /** How long the runner looks for a queued dial: one that is there is there already. */
    private static final Duration QUEUED_POLL = Duration.ofMillis(1);

    private RunnerListening() {}

    /** A dial within {@code wait}; empty when none came (or {@code wait} is zero). */
    public static Optional<AFUNIXSocket> accept(ServerSocket listening, Duration wait) throws IOException {
        if (wait.isZero()) {
            return Optional.empty();
        }
        listening.setSoTimeout(Durations.millis(wait));
        try {
            return Optional.of((AFUNIXSocket) listening.accept());
        } catch (SocketTimeoutException e) {
            return Optional.empty();
        }
    }

    /** A dial already queued, without waiting for one. */
    public static Optional<AFUNIXSocket> queued(ServerSocket listening) throws IOException {
        return accept(listening, QUEUED_POLL);
    }

    /** Close every dial still queued on {@code listening}, each noted as {@code what} on {@code channel}. */
    public static void dropQueued(ServerSocket listening, Transcript transcript, Channel channel, String what) throws IOException {
        for (Optional<AFUNIXSocket> left = queued(listening); left.isPresent(); left = queued(listening)) {
            transcript.note(channel, what);
            Descriptors.closeSocket(left.get());
        }
    }
}
