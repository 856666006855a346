package io.handoffkit.transport.unix;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.nio.file.Path;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.newsclub.net.unix.AFUNIXSocketAddress;

@DisplayName("Resolved backend socket addresses")
class SocketAddressesTest {

    @Test
    @DisplayName("a path is resolved once and gives the address junixsocket would; the cache stays bounded")
    void resolvedOnceAndBounded() throws Exception {
        Path path = Path.of("/tmp/handoff-kit-addresses-test.sock");
        AFUNIXSocketAddress first = SocketAddresses.of(path);
        assertEquals(AFUNIXSocketAddress.of(path), first);
        assertSame(first, SocketAddresses.of(path));
        for (int i = 0; i < 3 * SocketAddresses.LIMIT; i++) {
            SocketAddresses.of(Path.of("/tmp/handoff-kit-addresses-" + i + ".sock"));
        }
        assertEquals(AFUNIXSocketAddress.of(path), SocketAddresses.of(path));
    }
}
