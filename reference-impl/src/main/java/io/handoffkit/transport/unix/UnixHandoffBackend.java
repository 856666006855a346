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
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import org.newsclub.net.unix.AFUNIXSocket;

/**
 * The reference backend's handoff endpoint on Linux and macOS (brief §1 steps 3-5): listens on a
 * Unix socket path, receives a client connection's descriptor with its 16 token bytes, reads and
 * judges the offer with the reference's backend classes, writes the ACK, and hands an accepted
 * connection to a {@link ServiceHandler}.
 *
 * <p>Threads: one acceptor; at most {@code maxConcurrentHandoffs} handoff streams served at once
 * (an {@link AcceptLoop}: excess brokers queue in the listen backlog, not in memory), each on a
 * pooled thread; one service thread per adopted connection (cached pool). Every read of a handoff is bounded by the offer deadline. {@link #close()} stops
 * accepting, closes the handoff streams and the adopted connections still open, and waits for
 * every thread it started: nothing keeps running after it returns.
 */
public final class UnixHandoffBackend implements AutoCloseable {

    private static final AtomicInteger INSTANCES = new AtomicInteger();

    private final Path socketPath;
    private final ServiceHandler handler;
    private final ExpectedTokenPolicy policy;
    private final Clock clock;
    private final long offerDeadlineNanos;
    private final Consumer<HandoffReport> listener;
    private final String threadPrefix;
    private final AcceptLoop handoffStreams;
    private final WorkerThreads threads = new WorkerThreads();
    private final ExecutorService serviceThreads;
    private final Set<AFUNIXSocket> sessions = ConcurrentHashMap.newKeySet();
    private final Map<BackendEvent, LongAdder> counters = new EnumMap<>(BackendEvent.class);

    private UnixHandoffBackend(Builder b) throws IOException {
        this.socketPath = b.socketPath;
        this.handler = b.handler;
        this.policy = b.policy;
        this.clock = b.clock;
        this.offerDeadlineNanos = b.offerDeadline.toNanos();
        this.listener = b.listener;
        for (BackendEvent event : BackendEvent.values()) {
            counters.put(event, new LongAdder());
        }
        this.threadPrefix = "handoff-backend-" + INSTANCES.incrementAndGet();
        this.serviceThreads = threads.cachedPool(threadPrefix + "-service-");
        int ancillaryBufferBytes = b.ancillaryBufferBytes;
        this.handoffStreams = new AcceptLoop(socketPath, b.backlog, b.maxConcurrentHandoffs, threadPrefix, "handoff",
                // before the first read, or a truncated control message could leak descriptors (see AncillaryBuffer)
                stream -> AncillaryBuffer.size(stream, ancillaryBufferBytes),
                stream -> new HandoffSession(this, stream, clock, offerDeadlineNanos, policy).run());
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
        return new BackendStats(events, handoffStreams.openConnections(), sessions.size());
    }

    /** Wait (at most {@code timeout}) until no handoff stream and no adopted connection is open; true when idle. */
    public boolean awaitIdle(Duration timeout) throws InterruptedException {
        return WorkerThreads.await(() -> handoffStreams.openConnections() == 0 && sessions.isEmpty(), timeout);
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
            if (handoffStreams.closed()) {
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
        AcceptLoop.closeQuietly(socket);
        Descriptors.dropWithoutShutdown(descriptor);
        sessions.remove(socket);
    }

    /** Stop accepting, close every handoff stream and adopted connection, and wait for every thread. */
    @Override
    public void close() throws IOException {
        if (handoffStreams.closed()) {
            return;
        }
        handoffStreams.close();
        sessions.forEach(AcceptLoop::closeQuietly);
        WorkerThreads.shutdown(serviceThreads);
        threads.joinAll();
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
