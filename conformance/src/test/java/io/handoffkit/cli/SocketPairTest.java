package io.handoffkit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.handoffkit.transport.unix.Descriptors;
import java.io.File;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

/** The client connection of bench mode (d): one socketpair(2), as upstream's harness makes it. */
@EnabledOnOs(OS.LINUX)
class SocketPairTest {

    @Test
    @DisplayName("bytes written on the broker's end reach the client's end, and the client's reach the broker's")
    void connected() throws IOException {
        try (SocketPair pair = SocketPair.open()) {
            new FileOutputStream(pair.brokerEnd()).write(0x41);
            assertEquals(0x41, pair.clientIn().read());
            pair.clientOut().write(0x42);
            assertEquals(0x42, new FileInputStream(pair.brokerEnd()).read());
        }
    }

    @Test
    @DisplayName("closing a pair releases both descriptors, also when the broker's end was dropped first (no descriptor left per handoff)")
    void closeReleasesBothEnds() throws IOException {
        int before = openDescriptors();
        for (int i = 0; i < 50; i++) {
            try (SocketPair pair = SocketPair.open()) {
                if (i % 2 == 0) {
                    Descriptors.dropWithoutShutdown(pair.brokerEnd()); // as mode (d) drops its copy after the handoff
                }
            }
        }
        assertEquals(before, openDescriptors());
    }

    private static int openDescriptors() {
        return new File("/proc/self/fd").list().length;
    }
}
