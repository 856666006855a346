package io.handoffkit.transport.unix;

import io.handoffkit.ack.AckRegistry;
import io.handoffkit.broker.FailureRateLimit;
import io.handoffkit.broker.FallbackPolicy;
import io.handoffkit.broker.HandoffRequest;
import io.handoffkit.broker.HelloCheck;
import io.handoffkit.broker.HelloNegotiation;
import io.handoffkit.broker.HelloVerdict;
import io.handoffkit.profile.Profile;
import io.handoffkit.proto.v1.Negotiated;
import io.handoffkit.time.Clock;
import io.handoffkit.token.TokenStore;
import io.handoffkit.wire.DeadlineInputStream;
import io.handoffkit.wire.FrameWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import org.newsclub.net.unix.AFUNIXSocket;

/**
 * The reference broker on Linux and macOS (SPEC §11, §12, Appendix B): listens on a client-facing
 * Unix socket and, for each client connection, reads its Hello under the 64 KiB Hello cap and a
 * read deadline ({@link HelloCheck}), answers {@code Refused} or {@code Negotiated}
 * ({@link HelloNegotiation}), and when handle passing was negotiated hands the connection to the
 * backend listening at the handoff endpoint ({@link UnixBrokerHandoff}: the sideband with the
 * negotiated token, the offer correlated by the connection id, the ACK check, the canonical relay).
 * Then it lets the connection go, in every case the same way upstream does: it closes its own
 * descriptor without shutting the connection down (BROKER-5, BROKER-6). A client whose handoff fell
 * back therefore sees no byte after {@code Negotiated}, then end of stream (BPROFILE-3).
 *
 * <p>Threads: one acceptor; each client connection on its own pooled thread, at most
 * {@code maxConcurrentClients} at once, so a slow backend holds up only the clients it is
 * handed (BROKER-7). {@link #close()} stops accepting, closes the client connections still being
 * served (a handoff still waiting for its ACK then ends with it) and waits for every thread.
 */
public final class ReferenceBroker implements AutoCloseable {

    private static final AtomicInteger INSTANCES = new AtomicInteger();
    /** The reference does not know its backend's process id; the fallback policy counts failures per (service, 0). */
    private static final long UNKNOWN_BACKEND_PID = 0;
    private static final int BACKLOG = 256;

    private final Path socketPath;
    private final Path backendPath;
    private final String service;
    private final String backendPipe;
    private final long helloDeadlineNanos;
    private final Clock clock;
    private final Consumer<ClientReport> listener;
    private final TokenStore tokens;
    private final AckRegistry acks;
    private final UnixBrokerHandoff handoff;
    private final String threadPrefix;
    private final AtomicLong connectionIds = new AtomicLong(1);
    private final Map<ClientOutcome, LongAdder> outcomes = new EnumMap<>(ClientOutcome.class);
    private final AcceptLoop clients;

    private ReferenceBroker(Builder b) throws IOException {
        this.socketPath = b.socketPath;
        this.backendPath = b.backendPath;
        this.service = b.service;
        this.backendPipe = b.backendPipe.orElse(b.backendPath.toString());
        this.helloDeadlineNanos = b.helloDeadline.toNanos();
        this.clock = b.clock;
        this.listener = b.listener;
        this.tokens = new TokenStore();
        this.acks = new AckRegistry(tokens, b.ackDeadline);
        this.handoff = new UnixBrokerHandoff(tokens, acks, new FallbackPolicy(b.failureLimit), clock, b.profile);
        for (ClientOutcome outcome : ClientOutcome.values()) {
            outcomes.put(outcome, new LongAdder());
        }
        this.threadPrefix = "reference-broker-" + INSTANCES.incrementAndGet();
        this.clients = new AcceptLoop(socketPath, BACKLOG, b.maxConcurrentClients, threadPrefix, "client", client -> { }, this::serve);
    }

    /**
     * A broker listening on {@code socketPath} (which must not exist yet) that hands connections to
     * the backend listening on {@code backendPath}, configured through the builder.
     */
    public static Builder builder(Path socketPath, Path backendPath) {
        return new Builder(socketPath, backendPath);
    }

    /** The client-facing socket path. */
    public Path socketPath() {
        return socketPath;
    }

    /** The handoff endpoint this broker dials. */
    public Path backendPath() {
        return backendPath;
    }

    /** The prefix of every thread this broker starts (for leak checks). */
    public String threadPrefix() {
        return threadPrefix;
    }

    public BrokerStats stats() {
        Map<ClientOutcome, Long> counts = new EnumMap<>(ClientOutcome.class);
        outcomes.forEach((outcome, adder) -> counts.put(outcome, adder.sum()));
        return new BrokerStats(counts, clients.openConnections(), tokens.pendingCount(), acks.pendingCount());
    }

    /** Wait (at most {@code timeout}) until no client connection is being served; true when idle. */
    public boolean awaitIdle(Duration timeout) throws InterruptedException {
        return WorkerThreads.await(() -> clients.openConnections() == 0, timeout);
    }

    private void serve(AFUNIXSocket client) {
        ClientReport report;
        try {
            report = converse(client);
        } catch (IOException e) {
            report = new ClientReport.Failed("writing the reply to the client failed: " + e);
        } finally {
            // BROKER-5, BROKER-6: let the connection go without a shutdown, as upstream drops its stream: after a handoff
            // the backend owns it, after a fallback the backend may hold a copy; the client sees end of stream once nobody does
            Descriptors.dropWithoutShutdown(Descriptors.of(client));
        }
        outcomes.get(report.outcome()).increment();
        listener.accept(report);
    }

    /** Hello, reply, and the handoff when one was negotiated. */
    private ClientReport converse(AFUNIXSocket client) throws IOException {
        DeadlineInputStream in = new DeadlineInputStream(client.getInputStream(), clock, clock.nanos() + helloDeadlineNanos,
                client::setSoTimeout);
        HelloVerdict verdict = HelloCheck.read(in, service, peerPid(client));
        // BROKER-2: the connection goes to the backend as the client left it, without the broker's read timeout
        client.setSoTimeout(0);
        OutputStream out = client.getOutputStream();
        if (verdict instanceof HelloVerdict.Refused refused) {
            FrameWriter.write(out, HelloNegotiation.reply(refused));
            return new ClientReport.Refused(refused.refusal());
        }
        HelloVerdict.Accepted hello = (HelloVerdict.Accepted) verdict;
        long connectionId = connectionIds.getAndIncrement();
        HandoffRequest request = new HandoffRequest(service, UNKNOWN_BACKEND_PID, connectionId,
                HelloNegotiation.asksForHandlePassing(hello.hello()));
        AtomicReference<Negotiated> answered = new AtomicReference<>();
        // NEG-5: the orchestration issues the token and tells it to the client before it dials the backend
        BrokerResult result = handoff.handOff(client, backendPath, request, token -> {
            answered.set(HelloNegotiation.negotiated(hello.hello(), connectionId, backendPipe, Optional.of(token)));
            FrameWriter.write(out, HelloNegotiation.reply(answered.get(), hello.frame()));
        });
        if (answered.get() == null) {
            // the handoff fell back at admission: the client did not ask for it, or no token could be issued (NEG-3)
            answered.set(HelloNegotiation.negotiated(hello.hello(), connectionId, backendPipe, Optional.empty()));
            FrameWriter.write(out, HelloNegotiation.reply(answered.get(), hello.frame()));
        }
        return new ClientReport.Negotiated(answered.get(), result);
    }

    /** The client's process id as the kernel reports it; 0 when it reports none (HELLO-9). */
    private static long peerPid(AFUNIXSocket client) {
        try {
            return Math.max(0, client.getPeerCredentials().getPid());
        } catch (IOException e) {
            return 0;
        }
    }

    /** Stop accepting, close the client connections still being served, and wait for every thread. */
    @Override
    public void close() throws IOException {
        clients.close();
    }

    /** Configuration of a {@link ReferenceBroker}; every setting has the default named on its method. */
    public static final class Builder {

        private final Path socketPath;
        private final Path backendPath;
        private String service = "echo";
        private Optional<String> backendPipe = Optional.empty();
        private Duration ackDeadline = Duration.ofSeconds(5);
        private Duration helloDeadline = Duration.ofSeconds(30);
        private Profile profile = Profile.DEFAULT;
        private int maxConcurrentClients = 64;
        private FailureRateLimit failureLimit = FailureRateLimit.defaults();
        private Clock clock = Clock.system();
        private Consumer<ClientReport> listener = report -> { };

        private Builder(Path socketPath, Path backendPath) {
            this.socketPath = Objects.requireNonNull(socketPath, "socketPath");
            this.backendPath = Objects.requireNonNull(backendPath, "backendPath");
        }

        /** The one service this broker serves (default {@code echo}); Hellos for others are refused (HELLO-10). */
        public Builder service(String name) {
            if (!HelloCheck.isServiceName(name)) {
                throw new IllegalArgumentException("a service name has the form [a-z0-9-]{1,64}: '" + name + "'");
            }
            this.service = name;
            return this;
        }

        /**
         * {@code Negotiated.backend_pipe}, where clients reconnect when there is no handoff (default:
         * the handoff endpoint's path; the reference backend has no other endpoint).
         */
        public Builder backendPipe(String pipe) {
            if (pipe.isEmpty()) {
                throw new IllegalArgumentException("NEG-2: backend_pipe must not be empty");
            }
            this.backendPipe = Optional.of(pipe);
            return this;
        }

        /** How long the backend has to acknowledge a handoff (default 5 s, REG-1; zero is clamped to 1 ms). */
        public Builder ackDeadline(Duration deadline) {
            this.ackDeadline = Objects.requireNonNull(deadline, "deadline");
            return this;
        }

        /**
         * The bound on reading a client's Hello, however its bytes trickle (default 30 s, 4.6.2's,
         * BPROFILE-5); past it the Hello is refused as incomplete (HELLO-4).
         */
        public Builder helloDeadline(Duration deadline) {
            if (deadline.isNegative() || deadline.isZero()) {
                throw new IllegalArgumentException("the Hello deadline must be positive");
            }
            this.helloDeadline = deadline;
            return this;
        }

        /** How the ACK read is bounded and a short send classified (default {@link Profile#DEFAULT}). */
        public Builder profile(Profile profile) {
            this.profile = Objects.requireNonNull(profile, "profile");
            return this;
        }

        /** Client connections served at once (default 64); further clients wait in the listen backlog. */
        public Builder maxConcurrentClients(int max) {
            if (max < 1) {
                throw new IllegalArgumentException("maxConcurrentClients must be at least 1");
            }
            this.maxConcurrentClients = max;
            return this;
        }

        /**
         * How many failed handoffs the backend may cause before handoffs pause (default
         * {@link FailureRateLimit#defaults()}, POLICY-2); {@link FailureRateLimit#unlimited()} under
         * a conformance run, which fails handoffs on purpose (BPROFILE-2).
         */
        public Builder failureLimit(FailureRateLimit limit) {
            this.failureLimit = Objects.requireNonNull(limit, "limit");
            return this;
        }

        /** The clock deadlines are judged on (default: the system's monotonic clock). */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /** Told about every client connection once the broker has let it go, on that client's thread (default: nobody). */
        public Builder listener(Consumer<ClientReport> listener) {
            this.listener = Objects.requireNonNull(listener, "listener");
            return this;
        }

        /** Bind the client-facing socket and start accepting. */
        public ReferenceBroker start() throws IOException {
            return new ReferenceBroker(this);
        }
    }
}
