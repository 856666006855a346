package com.example.echo;

import io.handoffkit.transport.unix.AdoptedConnection;
import io.handoffkit.transport.unix.HandoffReport;
import io.handoffkit.transport.unix.UnixHandoffBackend;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;

/**
 * A backend of an echo service: a broker hands it client connections over a Unix socket and it
 * echoes what each client sends. The handoff (descriptor, offer, token check, ACK) is handoff-kit's
 * reference implementation; the service and the logging are this application's. Echo is also
 * what the kit's backend profile asks of a backend under test (SPEC.md, PROFILE-4), so the
 * conformance suite can see from the client end that the connection it passed is the one served.
 */
public final class EchoBackend implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(EchoBackend.class.getName());

    private final UnixHandoffBackend handoffs;

    /**
     * @param socket where brokers connect to hand connections over
     * @param offerDeadline how long one handoff may take to arrive before it is dropped
     */
    public EchoBackend(Path socket, Duration offerDeadline) throws IOException {
        handoffs = UnixHandoffBackend.builder(socket)
                .offerDeadline(offerDeadline)
                .serviceHandler(EchoBackend::echo)
                .listener(EchoBackend::log)
                .start();
    }

    private static void echo(AdoptedConnection client) throws IOException {
        client.socket().getInputStream().transferTo(client.socket().getOutputStream());
    }

    /** A refused handoff (bad token, malformed offer, ...) is a broker or an attacker to look at. */
    private static void log(HandoffReport report) {
        report.rejection().ifPresent(r -> LOG.log(System.Logger.Level.DEBUG, "refused a handoff: {0} ({1})", r, report.detail()));
    }

    @Override
    public void close() throws IOException {
        handoffs.close();
    }
}
