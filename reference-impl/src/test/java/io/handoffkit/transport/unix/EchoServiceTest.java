package io.handoffkit.transport.unix;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;
import org.newsclub.net.unix.AFUNIXServerSocket;
import org.newsclub.net.unix.AFUNIXSocket;
import org.newsclub.net.unix.AFUNIXSocketAddress;

/** The reference service on adopted connections (OFFER-7): each session gets back exactly its own bytes. */
@DisabledOnOs(OS.WINDOWS)
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class EchoServiceTest {

    @TempDir
    Path dir;

    @Test
    @DisplayName("OFFER-7 sessions served one after another on one thread each get back exactly their own bytes, in order")
    void sessionsOnOneThreadEchoOnlyTheirOwnBytes() throws Exception {
        AFUNIXSocketAddress address = AFUNIXSocketAddress.of(Files.createDirectories(dir).resolve("echo.sock"));
        try (AFUNIXServerSocket server = AFUNIXServerSocket.bindOn(address)) {
            byte[] first = new byte[10_000];
            Arrays.fill(first, (byte) 'a');
            byte[] second = "bcd".getBytes();
            assertArrayEquals(first, echoed(server, address, first));
            assertArrayEquals(second, echoed(server, address, second));
        }
    }

    /** Sends {@code bytes}, closes the sending side, and returns all the service wrote back; the service runs on this thread. */
    private static byte[] echoed(AFUNIXServerSocket server, AFUNIXSocketAddress address, byte[] bytes) throws Exception {
        try (AFUNIXSocket client = AFUNIXSocket.connectTo(address); AFUNIXSocket adopted = server.accept()) {
            CompletableFuture<byte[]> back = CompletableFuture.supplyAsync(() -> {
                try {
                    client.getOutputStream().write(bytes);
                    client.getChannel().shutdownOutput(); // java.net.Socket.shutdownOutput refuses a junixsocket socket on JDK 25
                    return client.getInputStream().readAllBytes();
                } catch (IOException e) {
                    closeQuietly(client); // the service below must not wait for an end that never comes
                    throw new IllegalStateException(e);
                }
            });
            ServiceHandler.echo().serve(new AdoptedConnection(adopted, "echo", 1));
            adopted.getChannel().shutdownOutput();
            return back.get();
        }
    }

    private static void closeQuietly(AFUNIXSocket socket) {
        try {
            socket.close();
        } catch (IOException e) {
            // already failing; the test reports the first error
        }
    }
}
