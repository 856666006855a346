package io.handoffkit.conformance.runner.drive;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.newsclub.net.unix.AFUNIXServerSocket;
import org.newsclub.net.unix.AFUNIXSocket;
import org.newsclub.net.unix.AFUNIXSocketAddress;

/**
 * Connected pairs of Unix stream sockets, the stand-ins for client connections the runner hands
 * off. Made by connecting to a private listening socket (in a 0700 temporary directory) and
 * accepting: two plain descriptors per pair. (junixsocket 2.10.1's {@code AFUNIXSocketPair.open()}
 * creates four sockets per pair and orphans two of them: measured, two descriptors leaked per
 * pair, which a suite of a few thousand handoffs cannot afford.)
 */
public final class ConnectionPairs {

    /** The two ends: {@code passed} goes to the backend, {@code client} stays with the runner. */
    public record Pair(AFUNIXSocket passed, AFUNIXSocket client) {}

    private static final String SOCKET = "pairs.sock";
    private static AFUNIXServerSocket server;
    private static Path dir;

    private ConnectionPairs() {}

    public static synchronized Pair open() throws IOException {
        if (server == null || server.isClosed()) {
            dir = Files.createTempDirectory(shortTemp(), "handoff-kit-pairs-");
            Path socket = dir.resolve(SOCKET);
            server = AFUNIXServerSocket.newInstance();
            server.setDeleteOnClose(true);
            server.bind(AFUNIXSocketAddress.of(socket));
            Runtime.getRuntime().addShutdownHook(new Thread(ConnectionPairs::shutdown, "handoff-kit-pairs-cleanup"));
        }
        AFUNIXSocket client = AFUNIXSocket.connectTo(server.getLocalSocketAddress());
        try {
            AFUNIXSocket passed = server.accept();
            return new Pair(passed, client);
        } catch (IOException e) {
            client.close();
            throw e;
        }
    }

    private static synchronized void shutdown() {
        try {
            if (server != null) {
                server.close();
            }
        } catch (IOException e) {
            // exiting anyway
        }
        if (dir != null) {
            try {
                Files.deleteIfExists(dir.resolve(SOCKET)); // the server deletes it on close; this is in case it could not
                Files.deleteIfExists(dir);
            } catch (IOException e) {
                // exiting anyway
            }
        }
    }

    private static Path shortTemp() {
        Path base = Path.of(System.getProperty("java.io.tmpdir"));
        return base.toAbsolutePath().toString().length() > 60 ? Path.of("/tmp") : base;
    }
}
