package io.handoffkit.transport.unix;

import io.handoffkit.time.Clock;
import io.handoffkit.wire.Rejection;
import java.io.FileDescriptor;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import org.newsclub.net.unix.AFUNIXServerSocket;
import org.newsclub.net.unix.AFUNIXSocket;
import org.newsclub.net.unix.AFUNIXSocketAddress;

/**
 * The reference backend's handoff endpoint on Linux and macOS (brief §1 steps 3-5): listens on a
 * Unix socket path, receives a client connection's descriptor with its 16 token bytes, reads and
 * judges the offer with the reference's backend classes, writes the ACK, and hands an accepted
 * connection to a {@link ServiceHandler}.
 *
 * <p>Threads: one acceptor; at most {@code maxConcurrentHandoffs} handoff streams served at once
 * (the acceptor waits for a free slot before accepting, so excess brokers queue in the listen
 * backlog, not in memory), each on a pooled thread; one service thread per adopted connection
 * (cached pool). Every read of a handoff is bounded by the offer deadline. {@link #close()} stops
 * accepting, closes the handoff streams and the adopted connections still open, and waits for
 * every thread it started: nothing keeps running after it returns.
 */
public final class UnixHandoffBackend implements AutoCloseable {

    private static final AtomicInteger INSTANCES = new AtomicInteger();
    private static final Duration TERMINATION_WAIT = Duration.ofSeconds(10);

    private final Path socketPath;
    private final AFUNIXServerSocket server;
    private final ServiceHandler handler;
    private final ExpectedTokenPolicy policy;
    private final Clock clock;
    private final long offerDeadlineNanos;
    private final int ancillaryBufferBytes;
    private final Consumer<HandoffReport> listener;
    private final Semaphore handoffSlots;
    private final ExecutorService handoffThreads;
    private final ExecutorService serviceThreads;
    /** every pool thread ever started, so close() can wait for each to end */
    private final Set<Thread> workers = ConcurrentHashMap.newKeySet();
    private final Thread acceptor;
    private final String threadPrefix;
    private final Set<AFUNIXSocket> handoffStreams = ConcurrentHashMap.newKeySet();
    private final Set<AFUNIXSocket> sessions = ConcurrentHashMap.newKeySet();
    private final Map<BackendEvent, LongAdder> counters = new EnumMap<>(BackendEvent.class);
    private volatile boolean closed;

    private UnixHandoffBackend(Builder b) throws IOException {
        this.socketPath = b.socketPath;
        this.handler = b.handler;
        this.policy = b.policy;
        this.clock = b.clock;
        this.offerDeadlineNanos = b.offerDeadline.toNanos();
        this.ancillaryBufferBytes = b.ancillaryBufferBytes;
        this.listener = b.listener;
        for (BackendEvent event : BackendEvent.values()) {
            counters.put(event, new LongAdder());
        }
        this.threadPrefix = "handoff-backend-" + INSTANCES.incrementAndGet();
        this.handoffSlots = new Semaphore(b.maxConcurrentHandoffs);
        this.server = AFUNIXServerSocket.newInstance();
        server.setDeleteOnClose(true);
        server.bind(AFUNIXSocketAddress.of(socketPath), b.backlog);
        // the slots bound the streams served at once; a cached pool hands each to the thread that parked last
        // (warm caches), where a fixed pool's FIFO queue cycles through all its threads (measured: slower handoffs)
        this.handoffThreads = Executors.newCachedThreadPool(named(threadPrefix + "-handoff-"));
        this.serviceThreads = Executors.newCachedThreadPool(named(threadPrefix + "-service-"));
        this.acceptor = new Thread(this::acceptLoop, threadPrefix + "-accept");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /** A backend listening on {@code socketPath} (which must not exist yet), configured through the builder. */
    public static Builder builder(Path socketPath) {
        return new Builder(socketPath);
    }

    /** The socket path brokers dial. */
    public Path socketPath() {
        return socketPath;
    }

    /** The prefix of every thread this backend starts (for leak checks). */
    public String threadPrefix() {
        return threadPrefix;
    }

    public BackendStats stats() {
        Map<BackendEvent, Long> events = new EnumMap<>(BackendEvent.class);
        counters.forEach((event, adder) -> events.put(event, adder.sum()));
        return new BackendStats(events, handoffStreams.size(), sessions.size());
    }

    /** Wait (at most {@code timeout}) until no handoff stream and no adopted connection is open; true when idle. */
    public boolean awaitIdle(Duration timeout) throws InterruptedException {
        long end = System.nanoTime() + timeout.toNanos();
        while (!handoffStreams.isEmpty() || !sessions.isEmpty()) {
            if (System.nanoTime() - end > 0) {
                return false;
            }
            Thread.sleep(5);
        }
        return true;
    }

    private void acceptLoop() {
        while (!closed) {
            try {
                handoffSlots.acquire();
            } catch (InterruptedException e) {
                return;
            }
            AFUNIXSocket stream;
            try {
                stream = server.accept();
            } catch (IOException e) {
                handoffSlots.release();
                if (closed) {
                    return;
                }
                pause(); // e.g. out of descriptors: do not spin
                continue;
            }
            // before the first read, or a truncated control message could leak descriptors (see AncillaryBuffer)
            AncillaryBuffer.size(stream, ancillaryBufferBytes);
            handoffStreams.add(stream);
            try {
                handoffThreads.execute(() -> serve(stream));
            } catch (RejectedExecutionException e) {
                release(stream);
            }
        }
    }

    private void serve(AFUNIXSocket stream) {
        try {
            if (!closed) {
                new HandoffSession(this, stream, clock, offerDeadlineNanos, policy).run();
            }
        } catch (IOException | RuntimeException e) {
            // the session already closed every descriptor it received; drop the stream below
        } finally {
            release(stream);
        }
    }

    private void release(AFUNIXSocket stream) {
        closeQuietly(stream);
        handoffStreams.remove(stream);
        handoffSlots.release();
    }

    void report(BackendEvent event, Optional<Rejection> rejection, String detail) {
        counters.get(event).increment();
        if (listener != null) {
            listener.accept(new HandoffReport(event, rejection, detail));
        }
    }

    /** Serve an adopted connection on a service thread; {@code descriptor} is its descriptor, which this backend closes at the end. */
    void startSession(AdoptedConnection connection, FileDescriptor descriptor) {
        AFUNIXSocket socket = connection.socket();
        sessions.add(socket);
        Runnable session = () -> {
            try {
                handler.serve(connection);
            } catch (IOException | RuntimeException e) {
                // the handler's failure ends this connection only
            } finally {
                endSession(socket, descriptor);
            }
        };
        try {
            if (closed) {
                throw new RejectedExecutionException("backend closed");
            }
            serviceThreads.execute(session);
        } catch (RejectedExecutionException e) {
            endSession(socket, descriptor);
        }
    }

    /**
     * The backend owns an adopted connection, so it ends it for everyone: shutdown (the socket's
     * close), then close the descriptor, which a socket made from a descriptor leaves open.
     */
    private void endSession(AFUNIXSocket socket, FileDescriptor descriptor) {
        closeQuietly(socket);
        Descriptors.dropWithoutShutdown(descriptor);
        sessions.remove(socket);
    }

    /** Stop accepting, close every handoff stream and adopted connection, and wait for every thread. */
    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        server.close();
        acceptor.interrupt();
        join(acceptor);
        handoffStreams.forEach(UnixHandoffBackend::closeQuietly);
        shutdown(handoffThreads);
        sessions.forEach(UnixHandoffBackend::closeQuietly);
        shutdown(serviceThreads);
        // a terminated pool's last worker may still be unwinding: close() returns only when every thread has ended
        workers.forEach(UnixHandoffBackend::join);
    }

    private static void shutdown(ExecutorService pool) {
        pool.shutdown();
        try {
            if (!pool.awaitTermination(TERMINATION_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
                pool.shutdownNow();
                pool.awaitTermination(TERMINATION_WAIT.toMillis(), TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            pool.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }

    private static void join(Thread thread) {
        try {
            thread.join(TERMINATION_WAIT.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void pause() {
        try {
            Thread.sleep(10);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void closeQuietly(AFUNIXSocket socket) {
        Descriptors.closeSocket(socket);
    }

    private ThreadFactory named(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix + n.incrementAndGet());
            t.setDaemon(true);
            workers.removeIf(w -> !w.isAlive()); // keeps the set to the threads that may still run
            workers.add(t);
            return t;
        };
    }

    /** Configuration of a {@link UnixHandoffBackend}; every setting has the default named on its method. */
    public static final class Builder {

        private final Path socketPath;
        private ServiceHandler handler = ServiceHandler.echo();
        private ExpectedTokenPolicy policy;
        private Duration offerDeadline = Duration.ofSeconds(5);
        private int maxConcurrentHandoffs = 64;
        private int backlog = 256;
        private int ancillaryBufferBytes = AncillaryBuffer.NO_TRUNCATION_BYTES;
        private Clock clock = Clock.system();
        private Consumer<HandoffReport> listener;

        private Builder(Path socketPath) {
            this.socketPath = Objects.requireNonNull(socketPath, "socketPath");
        }

        /** What to do with adopted connections (default: {@link ServiceHandler#echo()}). */
        public Builder serviceHandler(ServiceHandler handler) {
            this.handler = Objects.requireNonNull(handler, "handler");
            return this;
        }

        /** Which token each handoff must present (default: a fresh {@link SidebandTokenPolicy}). */
        public Builder expectedTokenPolicy(ExpectedTokenPolicy policy) {
            this.policy = Objects.requireNonNull(policy, "policy");
            return this;
        }

        /**
         * The bound on all reads of one handoff, sideband and offer, from the moment the backend
         * starts waiting for it (default 5 s, the broker's default ACK deadline). A handoff stream
         * idle for that long between handoffs is closed.
         */
        public Builder offerDeadline(Duration deadline) {
            if (deadline.isNegative() || deadline.isZero()) {
                throw new IllegalArgumentException("the offer deadline must be positive");
            }
            this.offerDeadline = deadline;
            return this;
        }

        /** Handoff streams served at once (default 64). */
        public Builder maxConcurrentHandoffs(int max) {
            if (max < 1) {
                throw new IllegalArgumentException("maxConcurrentHandoffs must be at least 1");
            }
            this.maxConcurrentHandoffs = max;
            return this;
        }

        /** The listen backlog (default 256). */
        public Builder backlog(int backlog) {
            this.backlog = Math.max(1, backlog);
            return this;
        }

        /**
         * Control-message receive buffer per handoff stream (default {@link AncillaryBuffer#NO_TRUNCATION_BYTES});
         * smaller values exist to test {@code MSG_CTRUNC} handling.
         */
        public Builder ancillaryBufferBytes(int bytes) {
            this.ancillaryBufferBytes = Math.max(16, bytes);
            return this;
        }

        /** The clock deadlines and token lifetimes are judged on (default: the system's monotonic clock). */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /** Told about every handoff as it ends, on the handoff's thread (default: nobody). */
        public Builder listener(Consumer<HandoffReport> listener) {
            this.listener = Objects.requireNonNull(listener, "listener");
            return this;
        }

        /** Bind the socket and start accepting. */
        public UnixHandoffBackend start() throws IOException {
            if (policy == null) {
                policy = new SidebandTokenPolicy();
            }
            return new UnixHandoffBackend(this);
        }
    }
}
