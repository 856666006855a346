package io.handoffkit.transport.unix;

import java.net.SocketException;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.newsclub.net.unix.AFUNIXSocketAddress;

/**
 * Resolved backend socket addresses. junixsocket needs microseconds to turn a path into an
 * address (measured: about 3 µs, a tenth of the broker's CPU per handoff), and a broker dials the
 * same few backend sockets again and again. Bounded: past {@link #LIMIT} paths it starts over.
 */
final class SocketAddresses {

    static final int LIMIT = 256;

    private static final Map<Path, AFUNIXSocketAddress> RESOLVED = new ConcurrentHashMap<>();

    private SocketAddresses() {}

    static AFUNIXSocketAddress of(Path socket) throws SocketException {
        AFUNIXSocketAddress address = RESOLVED.get(socket);
        if (address == null) {
            address = AFUNIXSocketAddress.of(socket);
            if (RESOLVED.size() >= LIMIT) {
                RESOLVED.clear();
            }
            RESOLVED.put(socket, address);
        }
        return address;
    }
}
