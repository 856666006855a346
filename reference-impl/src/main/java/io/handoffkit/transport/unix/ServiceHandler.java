package io.handoffkit.transport.unix;

import java.io.IOException;

/**
 * What a backend does with a connection it adopted after an accepted handoff (OFFER-7). It runs on
 * the backend's service threads, one call per adopted connection; when it returns or throws the
 * backend closes the connection (the backend owns it now, so that close does shut it down).
 *
 * <p>The handler should not write before the client has spoken: the broker writes the ready relay
 * on the same connection right after it has read the ACK, so bytes the backend writes at once
 * could reach the client ahead of the relay.
 */
@FunctionalInterface
public interface ServiceHandler {

    void serve(AdoptedConnection connection) throws IOException;

    /** The reference service: echo every byte back until the client closes its side. */
    static ServiceHandler echo() {
        return EchoService.INSTANCE;
    }
}
