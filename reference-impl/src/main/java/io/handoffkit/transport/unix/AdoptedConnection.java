package io.handoffkit.transport.unix;

import java.util.Objects;
import org.newsclub.net.unix.AFUNIXSocket;

/**
 * A client connection the backend adopted: the socket (the very connection the client opened to
 * the broker) and what the accepted offer said about it.
 */
public record AdoptedConnection(AFUNIXSocket socket, String serviceName, long correlationId) {

    public AdoptedConnection {
        Objects.requireNonNull(socket, "socket");
        Objects.requireNonNull(serviceName, "serviceName");
    }
}
