package io.handoffkit.transport.unix;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import org.newsclub.net.unix.AFUNIXServerSocket;
import org.newsclub.net.unix.AFUNIXSocket;
import org.newsclub.net.unix.AFUNIXSocketAddress;

/**
 * The listening half of a Unix socket server (the reference backend's handoff endpoint, the
 * reference broker's client socket): binds a path (removed again on close), accepts on one thread,
 * and serves each connection on a pooled thread, at most {@code slots} at once. The acceptor waits
 * for a free slot before it accepts, so excess peers queue in the listen backlog, not in memory.
 * When a connection's service ends, normally or not, the connection is closed and its slot freed.
 * {@link #close()} stops accepting, closes the connections still being served and waits for every
 * thread it started.
 */
final class AcceptLoop implements AutoCloseable {

    /** The work on one accepted connection; the loop closes the connection afterwards. */
    @FunctionalInterface
    interface Service {
        void serve(AFUNIXSocket connection) throws IOException;
    }

    /** Set up a connection right after it is accepted, before any byte is read. */
    @FunctionalInterface
    interface Preparation {
        void prepare(AFUNIXSocket connection);
    }

    private final AFUNIXServerSocket server;
    private final Preparation preparation;
    private final Service service;
    private final Semaphore slots;
    private final WorkerThreads threads = new WorkerThreads();
    private final ExecutorService pool;
    private final Thread acceptor;
    private final Set<AFUNIXSocket> open = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;

    /** Threads: {@code <threadPrefix>-accept}, and {@code <threadPrefix>-<connectionKind>-<n>} for the connections. */
    AcceptLoop(Path socketPath, int backlog, int slots, String threadPrefix, String connectionKind, Preparation preparation, Service service)
            throws IOException {
        this.preparation = preparation;
        this.service = service;
        this.slots = new Semaphore(slots);
        this.server = AFUNIXServerSocket.newInstance();
        server.setDeleteOnClose(true);
        server.bind(AFUNIXSocketAddress.of(socketPath), backlog);
        this.pool = threads.cachedPool(threadPrefix + "-" + connectionKind + "-");
        this.acceptor = threads.start(threadPrefix + "-accept", this::acceptLoop);
    }

    boolean closed() {
        return closed;
    }

    /** How many connections are being served right now. */
    int openConnections() {
        return open.size();
    }

    private void acceptLoop() {
        while (!closed) {
            try {
                slots.acquire();
            } catch (InterruptedException e) {
                return;
            }
            AFUNIXSocket connection;
            try {
                connection = server.accept();
            } catch (IOException e) {
                slots.release();
                if (closed) {
                    return;
                }
                pause(); // e.g. out of descriptors: do not spin
                continue;
            }
            preparation.prepare(connection);
            open.add(connection);
            try {
                pool.execute(() -> serve(connection));
            } catch (RejectedExecutionException e) {
                release(connection);
            }
        }
    }

    private void serve(AFUNIXSocket connection) {
        try {
            if (!closed) {
                service.serve(connection);
            }
        } catch (IOException | RuntimeException e) {
            // the service's failure ends this connection only
        } finally {
            release(connection);
        }
    }

    private void release(AFUNIXSocket connection) {
        closeQuietly(connection);
        open.remove(connection);
        slots.release();
    }

    /** Stop accepting, close the connections still being served, and wait for every thread of this loop. */
    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        server.close();
        acceptor.interrupt();
        WorkerThreads.join(acceptor);
        open.forEach(AcceptLoop::closeQuietly);
        WorkerThreads.shutdown(pool);
        // a terminated pool's last worker may still be unwinding
        threads.joinAll();
    }

    /** Through {@link Descriptors#closeSocket}: a served connection may have received descriptors. */
    static void closeQuietly(AFUNIXSocket socket) {
        Descriptors.closeSocket(socket);
    }

    private static void pause() {
        try {
            Thread.sleep(10);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
