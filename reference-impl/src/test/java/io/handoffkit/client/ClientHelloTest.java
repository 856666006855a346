package io.handoffkit.client;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.handoffkit.proto.v1.Hello;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The Hello the reference client sends. */
class ClientHelloTest {

    @Test
    @DisplayName("HELLO-3 a Hello asks for handle passing with capability bit 0 exactly when told to, for protocol 1 only, from this process")
    void capabilityBitOnlyWhenAsked() {
        Hello asks = ClientHello.of("echo", "1.0.0", true);
        Hello doesNotAsk = ClientHello.of("echo", "1.0.0", false);
        assertAll(
                () -> assertEquals(1, asks.getClientCapabilities()),
                () -> assertEquals(0, doesNotAsk.getClientCapabilities()),
                () -> assertEquals("echo", asks.getServiceName()),
                () -> assertEquals("1.0.0", asks.getWantedVersion()),
                () -> assertEquals(1, asks.getClientMinProtocol()),
                () -> assertEquals(1, asks.getClientMaxProtocol()),
                () -> assertEquals(ProcessHandle.current().pid(), asks.getPeerPid()));
    }
}
