package io.handoffkit.transport.unix;

import static io.handoffkit.transport.unix.UnixFixtures.assertEchoes;
import static io.handoffkit.transport.unix.UnixFixtures.dial;
import static io.handoffkit.transport.unix.UnixFixtures.negotiatedTo;
import static io.handoffkit.transport.unix.UnixFixtures.nextCorrelationId;
import static io.handoffkit.transport.unix.UnixFixtures.offerFrame;
import static io.handoffkit.transport.unix.UnixFixtures.readNegotiated;
import static io.handoffkit.transport.unix.UnixFixtures.readToEof;
import static io.handoffkit.transport.unix.UnixFixtures.sendSideband;
import static io.handoffkit.transport.unix.UnixFixtures.write;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.handoffkit.ack.AckRegistry;
import io.handoffkit.broker.AckReceived;
import io.handoffkit.broker.FailureRateLimit;
import io.handoffkit.broker.FallbackPolicy;
import io.handoffkit.broker.FallbackReason;
import io.handoffkit.broker.HandoffRequest;
import io.handoffkit.broker.HandoffStage;
import io.handoffkit.broker.SendResult;
import io.handoffkit.broker.UnixHandoffTransport;
import io.handoffkit.broker.Unrecoverable;
import io.handoffkit.client.RelayWait;
import io.handoffkit.proto.v1.Frame;
import io.handoffkit.proto.v1.HandoffAck;
import io.handoffkit.proto.v1.HandoffOffer;
import io.handoffkit.time.Clock;
import io.handoffkit.token.Token;
import io.handoffkit.token.TokenStore;
import io.handoffkit.transport.unix.UnixFixtures.BrokerListener;
import io.handoffkit.transport.unix.UnixFixtures.ClientConnection;
import io.handoffkit.wire.Decoding;
import io.handoffkit.wire.FrameReader;
import io.handoffkit.wire.Framing;
import io.handoffkit.wire.ReasonCode;
import io.handoffkit.wire.Verdict;
import java.io.FileInputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.newsclub.net.unix.AFUNIXSocket;

/**
 * Issue 3 §4: broker (this JVM) and backend ({@link ReferenceBackendMain} in its own JVM) are
 * separate OS processes; real client connections and real descriptors travel between them.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Tag("process")
class EndToEndProcessTest {

    private static final Duration SHORT = Duration.ofSeconds(5);

    private static Path dir;
    private static BackendProcess backend;
    private static ScriptedBackend silent;

    @BeforeAll
    static void startBackend() throws IOException {
        dir = UnixFixtures.socketDir();
        backend = BackendProcess.start(dir.resolve("backend.sock"));
        silent = new ScriptedBackend(dir.resolve("silent.sock"), ScriptedBackend.Answer.SILENT, Duration.ZERO);
    }

    @AfterAll
    static void stopBackend() throws Exception {
        UnixFixtures.closeQuietly(silent);
        UnixFixtures.closeQuietly(backend);
        UnixFixtures.deleteTree(dir);
    }

    private static HandoffRequest request() {
        return new HandoffRequest(UnixFixtures.SERVICE, backend.pid(), nextCorrelationId(), true);
    }

    /** A transport whose sideband carries another token than the offer: the backend refuses (TOKEN_MISMATCH). */
    private static UnixHandoffTransport wrongToken(ScmRightsTransport transport) {
        return new UnixHandoffTransport() {
            @Override
            public SendResult sendDescriptor(Token token) {
                return transport.sendDescriptor(Token.random(UnixFixtures.RANDOM));
            }

            @Override
            public void writeOffer(HandoffOffer offer) throws IOException {
                transport.writeOffer(offer);
            }

            @Override
            public Verdict<AckReceived> awaitAck(Token token, long correlationId, long deadlineNanos) {
                return transport.awaitAck(token, correlationId, deadlineNanos);
            }
        };
    }

    private static BrokerResult refusedHandoff(UnixBrokerHandoff broker, ClientConnection connection) {
        try (ScmRightsTransport transport = ScmRightsTransport.dial(backend.socket, connection.brokerDescriptor(), broker.clock(), broker.profile())) {
            return broker.handOff(connection.brokerSide(), wrongToken(transport), request(), negotiatedTo(connection.brokerSide()));
        }
    }

    @Test
    @Order(1)
    @Timeout(60)
    @DisplayName("Brief §1 steps 1-6 across processes: the client's connection moves into the backend process; the client then talks to the backend over the very socket it opened to the broker")
    void handoffAcrossProcesses() throws Exception {
        UnixBrokerHandoff broker = UnixFixtures.broker(SHORT);
        try (BrokerListener listener = new BrokerListener(dir.resolve("b.sock")); ClientConnection connection = listener.connect()) {
            HandoffRequest request = request();
            BrokerResult result = broker.handOff(connection.brokerSide(), backend.socket, request, negotiatedTo(connection.brokerSide()));
            BrokerResult.HandedOff handedOff = assertInstanceOf(BrokerResult.HandedOff.class, result, result.toString());
            assertFalse(connection.brokerDescriptor().valid(), "the broker closed its own descriptor");

            Token token = readNegotiated(connection.client());
            RelayWait.Outcome outcome = RelayWait.await(connection.client(), token);
            RelayWait.Outcome.Adopted adopted = assertInstanceOf(RelayWait.Outcome.Adopted.class, outcome, outcome.toString());
            assertEquals(HandoffAck.newBuilder().setToken(token.toByteString()).setAccepted(true)
                            .setCorrelationId(request.correlationId()).build(), adopted.ack(),
                    "FRAMES-3 the relay is the broker's own ACK: the negotiated token, accepted, the connection id");
            assertTrue(handedOff.outcome().ack().ack().getAccepted());
            // no thread of this process serves the connection any more, and the broker holds no descriptor of it:
            // the answer can only come from the backend process
            assertEchoes(connection.client());
            assertTrue(backend.stats().contains("sessions=1"), backend.stats());
        }
    }

    @Test
    @Order(2)
    @Timeout(60)
    @DisplayName("RELAY-6 a refused handoff (wrong token): the broker falls back, writes no relay, and the client's connection to the broker still works both ways")
    void refusedHandoff() throws Exception {
        UnixBrokerHandoff broker = UnixFixtures.broker(SHORT);
        long refusedBefore = backend.count(BackendEvent.REFUSED);
        try (BrokerListener listener = new BrokerListener(dir.resolve("r.sock")); ClientConnection connection = listener.connect()) {
            BrokerResult result = refusedHandoff(broker, connection);
            BrokerResult.FellBack fellBack = assertInstanceOf(BrokerResult.FellBack.class, result, result.toString());
            assertAll(
                    () -> assertEquals(HandoffStage.AWAIT_ACK, fellBack.fallback().stage()),
                    () -> assertEquals(FallbackReason.ACK_NOT_OBSERVED, fellBack.fallback().reason()),
                    () -> assertEquals(ReasonCode.REFUSED, fellBack.fallback().rejection().orElseThrow().reason()),
                    () -> assertEquals("backend refused the handoff: handoff token mismatch", fellBack.fallback().detail()),
                    () -> assertInstanceOf(Unrecoverable.DescriptorMayHaveReachedBackend.class, fellBack.fallback().unrecoverable()));

            Token token = readNegotiated(connection.client());
            RelayWait.Outcome outcome = RelayWait.await(connection.client(), token, Duration.ofMillis(200), Clock.system());
            RelayWait.Outcome.Reconnect reconnect = assertInstanceOf(RelayWait.Outcome.Reconnect.class, outcome);
            assertEquals(0, reconnect.bytesConsumed(), "no relay (not one byte) was written to the client");
            connection.assertWorksBothWays();
            assertEquals(refusedBefore + 1, backend.count(BackendEvent.REFUSED));
            assertTrue(connection.clientSeesEofAfterBrokerDrops(SHORT), "the backend process closed its copy");
        }
    }

    enum Kind { ACCEPTED, REFUSED, MALFORMED_OFFER, TRUNCATED_FRAME, NO_DESCRIPTOR, TWO_DESCRIPTORS, SILENT_BACKEND }

    /** One handoff of the given kind on a fresh client connection, checked, then fully closed. */
    private static void runOne(Kind kind, BrokerListener listener, UnixBrokerHandoff broker, UnixBrokerHandoff impatient)
            throws Exception {
        try (ClientConnection connection = listener.connect()) {
            switch (kind) {
                case ACCEPTED -> {
                    BrokerResult result = broker.handOff(connection.brokerSide(), backend.socket, request(), negotiatedTo(connection.brokerSide()));
                    assertInstanceOf(BrokerResult.HandedOff.class, result, result.toString());
                    Token token = readNegotiated(connection.client());
                    assertInstanceOf(RelayWait.Outcome.Adopted.class, RelayWait.await(connection.client(), token));
                    assertEchoes(connection.client());
                }
                case REFUSED -> {
                    BrokerResult result = refusedHandoff(broker, connection);
                    BrokerResult.FellBack fellBack = assertInstanceOf(BrokerResult.FellBack.class, result, result.toString());
                    assertEquals(ReasonCode.REFUSED, fellBack.fallback().rejection().orElseThrow().reason());
                    readNegotiated(connection.client());
                    connection.assertWorksBothWays(); // a relay would have arrived before the broker's bytes
                }
                case SILENT_BACKEND -> {
                    BrokerResult result = impatient.handOff(connection.brokerSide(), dir.resolve("silent.sock"), request(),
                            negotiatedTo(connection.brokerSide()));
                    BrokerResult.FellBack fellBack = assertInstanceOf(BrokerResult.FellBack.class, result, result.toString());
                    assertEquals(FallbackReason.BACKEND_ACK_TIMEOUT, fellBack.fallback().reason());
                    readNegotiated(connection.client());
                    connection.assertWorksBothWays();
                }
                default -> {
                    try (AFUNIXSocket handoff = dial(backend.socket)) {
                        Token token = Token.random(UnixFixtures.RANDOM);
                        switch (kind) {
                            case MALFORMED_OFFER -> {
                                sendSideband(handoff, token.toBytes(), connection.brokerDescriptor());
                                write(handoff, new byte[] {1, 2, 0, 0, 0, (byte) 0xFF, (byte) 0xFF});
                            }
                            case TRUNCATED_FRAME -> {
                                sendSideband(handoff, token.toBytes(), connection.brokerDescriptor());
                                byte[] offer = offerFrame(token, nextCorrelationId());
                                write(handoff, Arrays.copyOf(offer, offer.length / 2));
                                handoff.getChannel().shutdownOutput();
                            }
                            case NO_DESCRIPTOR -> sendSideband(handoff, token.toBytes());
                            case TWO_DESCRIPTORS -> {
                                try (FileInputStream extra = new FileInputStream("/dev/null")) {
                                    sendSideband(handoff, token.toBytes(), connection.brokerDescriptor(), extra.getFD());
                                }
                            }
                            default -> throw new IllegalStateException(kind.toString());
                        }
                        assertArrayEquals(new byte[0], readToEof(handoff, SHORT), kind + ": dropped without an ACK");
                    }
                    connection.assertWorksBothWays();
                }
            }
        }
    }

    @Test
    @Order(3)
    @Timeout(180)
    @Tag("slow")
    @DisplayName("Descriptor accounting: 10,000 mixed handoffs (accepted, refused, malformed offer, truncated frame, 0 and 2 descriptors, silent backend with a 20 ms deadline) leave 0 descriptors behind in either process")
    void descriptorAccounting() throws Exception {
        int total = Integer.getInteger("handoff.e2e.mixed", 10_000);
        int workers = 8;
        UnixBrokerHandoff broker = UnixFixtures.broker(SHORT);
        UnixBrokerHandoff impatient = UnixFixtures.broker(Duration.ofMillis(20));
        List<Kind> kinds = new ArrayList<>();
        List<Kind> cycle = List.of(Kind.ACCEPTED, Kind.ACCEPTED, Kind.ACCEPTED, Kind.ACCEPTED, Kind.REFUSED, Kind.MALFORMED_OFFER,
                Kind.TRUNCATED_FRAME, Kind.NO_DESCRIPTOR, Kind.TWO_DESCRIPTORS, Kind.SILENT_BACKEND);
        while (kinds.size() < total) {
            kinds.add(cycle.get(kinds.size() % cycle.size()));
        }
        Collections.shuffle(kinds, new Random(42));
        Map<Kind, Integer> planned = new EnumMap<>(Kind.class);
        kinds.forEach(k -> planned.merge(k, 1, Integer::sum));

        List<BrokerListener> listeners = new ArrayList<>();
        for (int w = 0; w < workers; w++) {
            listeners.add(new BrokerListener(dir.resolve("m" + w + ".sock")));
        }
        try {
            // warm-up: every path once, so that files the JVMs open lazily are open before counting
            for (Kind kind : Kind.values()) {
                runOne(kind, listeners.get(0), broker, impatient);
            }
            assertTrue(silent.awaitIdle(SHORT));
            int backendBefore = backend.openDescriptors();
            int brokerBefore = UnixFixtures.settledDescriptorCount();
            Map<BackendEvent, Long> eventsBefore = events();

            long start = System.nanoTime();
            ConcurrentLinkedQueue<Kind> queue = new ConcurrentLinkedQueue<>(kinds);
            ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
            AtomicInteger done = new AtomicInteger();
            ExecutorService pool = Executors.newFixedThreadPool(workers);
            for (BrokerListener listener : listeners) {
                pool.execute(() -> {
                    for (Kind kind; (kind = queue.poll()) != null; ) {
                        try {
                            runOne(kind, listener, broker, impatient);
                            done.incrementAndGet();
                        } catch (Throwable t) {
                            failures.add(kind + ": " + t);
                        }
                    }
                });
            }
            pool.shutdown();
            assertTrue(pool.awaitTermination(150, TimeUnit.SECONDS), "the mixed handoffs finished");
            long elapsedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            assertEquals(List.of(), failures.stream().limit(10).toList(), failures.size() + " handoffs failed");
            assertEquals(total, done.get());

            assertTrue(silent.awaitIdle(SHORT));
            int backendAfter = backend.openDescriptors();
            int brokerAfter = Descriptors.countOpen();
            Map<BackendEvent, Long> eventsAfter = events();
            System.out.printf("[accounting] %d mixed handoffs %s in %d ms (%d workers); descriptors: broker %d -> %d, backend %d -> %d%n",
                    total, planned, elapsedMs, workers, brokerBefore, brokerAfter, backendBefore, backendAfter);
            assertAll(
                    () -> assertEquals(brokerBefore, brokerAfter, "descriptors leaked in the broker's process"),
                    () -> assertEquals(backendBefore, backendAfter, "descriptors leaked in the backend's process"),
                    () -> assertEquals((long) planned.get(Kind.ACCEPTED), delta(eventsBefore, eventsAfter, BackendEvent.ACCEPTED)),
                    () -> assertEquals((long) planned.get(Kind.REFUSED), delta(eventsBefore, eventsAfter, BackendEvent.REFUSED)),
                    () -> assertEquals((long) planned.get(Kind.MALFORMED_OFFER) + planned.get(Kind.TRUNCATED_FRAME),
                            delta(eventsBefore, eventsAfter, BackendEvent.MALFORMED_OFFER)),
                    () -> assertEquals((long) planned.get(Kind.NO_DESCRIPTOR) + planned.get(Kind.TWO_DESCRIPTORS),
                            delta(eventsBefore, eventsAfter, BackendEvent.DESCRIPTOR_COUNT)),
                    () -> assertEquals(planned.get(Kind.SILENT_BACKEND) + 1, silent.offersSeen(), "offers the silent backend received"));
        } finally {
            listeners.forEach(UnixFixtures::closeQuietly);
        }
    }

    @Test
    @Order(4)
    @Timeout(180)
    @Tag("slow")
    @DisplayName("Concurrency: 64 concurrent handoffs x 1,000 against one backend: every token consumed exactly once, every accepted connection echoes, no lost ACK, no deadlock")
    void concurrentHandoffs() throws Exception {
        int threads = 64;
        int perThread = Integer.getInteger("handoff.e2e.perThread", 1_000);
        TokenStore tokens = new TokenStore();
        AckRegistry acks = new AckRegistry(tokens, SHORT);
        UnixBrokerHandoff broker = new UnixBrokerHandoff(tokens, acks,
                new FallbackPolicy(FailureRateLimit.unlimited()), Clock.system());
        Set<Token> consumed = ConcurrentHashMap.newKeySet();
        ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
        AtomicInteger echoed = new AtomicInteger();
        Map<BackendEvent, Long> eventsBefore = events();
        List<Token> lastTokens = Collections.synchronizedList(new ArrayList<>());

        long start = System.nanoTime();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        for (int t = 0; t < threads; t++) {
            int id = t;
            pool.execute(() -> {
                try (BrokerListener listener = new BrokerListener(dir.resolve("c" + id + ".sock"))) {
                    for (int i = 0; i < perThread; i++) {
                        try (ClientConnection connection = listener.connect()) {
                            BrokerResult result = broker.handOff(connection.brokerSide(), backend.socket, request(),
                                    negotiatedTo(connection.brokerSide()));
                            if (!(result instanceof BrokerResult.HandedOff handedOff)) {
                                failures.add("handoff " + id + "/" + i + ": " + result);
                                continue;
                            }
                            Token token = readNegotiated(connection.client());
                            if (!consumed.add(token)) {
                                failures.add("token accepted twice: " + id + "/" + i);
                            }
                            if (!token.matches(handedOff.outcome().ack().ack().getToken())) {
                                failures.add("ACK for another token: " + id + "/" + i);
                            }
                            RelayWait.Outcome outcome = RelayWait.await(connection.client(), token);
                            if (!(outcome instanceof RelayWait.Outcome.Adopted)) {
                                failures.add("relay " + id + "/" + i + ": " + outcome);
                                continue;
                            }
                            assertEchoes(connection.client());
                            echoed.incrementAndGet();
                            if (i == perThread - 1) {
                                lastTokens.add(token);
                            }
                        }
                    }
                } catch (Throwable e) {
                    failures.add("worker " + id + ": " + e);
                }
            });
        }
        pool.shutdown();
        boolean finished = pool.awaitTermination(150, TimeUnit.SECONDS);
        long elapsedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        assertTrue(finished, "no deadlock: all handoffs finished");
        Map<BackendEvent, Long> eventsAfter = events();
        int total = threads * perThread;
        System.out.printf("[concurrency] %d threads x %d handoffs = %d in %d ms (%.0f handoffs/s); backend: %s%n",
                threads, perThread, total, elapsedMs, total * 1000.0 / Math.max(1, elapsedMs), backend.stats());
        assertEquals(List.of(), failures.stream().limit(10).toList(), failures.size() + " failures");
        assertAll(
                () -> assertEquals(total, consumed.size(), "distinct tokens, each consumed by one accepted handoff"),
                () -> assertEquals(total, echoed.get(), "accepted connections that echoed"),
                () -> assertEquals((long) total, delta(eventsBefore, eventsAfter, BackendEvent.ACCEPTED), "ACKs the backend accepted"),
                () -> {
                    for (BackendEvent event : BackendEvent.values()) {
                        if (event != BackendEvent.ACCEPTED) {
                            assertEquals(0L, delta(eventsBefore, eventsAfter, event), event.toString());
                        }
                    }
                },
                () -> assertEquals(0, tokens.pendingCount(), "ORCH-3 no token left pending in the broker"),
                () -> assertEquals(0, acks.pendingCount(), "no ACK left pending in the broker"));

        // TOKEN-5: a consumed token is never accepted again, by the same backend, after all that traffic
        try (BrokerListener listener = new BrokerListener(dir.resolve("replay.sock"))) {
            for (Token token : lastTokens.subList(0, 5)) {
                try (ClientConnection connection = listener.connect(); AFUNIXSocket handoff = dial(backend.socket)) {
                    sendSideband(handoff, token.toBytes(), connection.brokerDescriptor());
                    write(handoff, offerFrame(token, 1));
                    handoff.setSoTimeout(5000);
                    Verdict<Frame> frame = FrameReader.read(handoff.getInputStream(), Framing.MAX_FRAME_BYTES)
                            .then(b -> Decoding.frame(b, "HandoffAck"));
                    HandoffAck ack = ((Verdict.Accepted<HandoffAck>) frame.then(f -> Decoding.ack(f.getPayload()))).value();
                    assertFalse(ack.getAccepted());
                    assertEquals("handoff token is not pending", ack.getErrorDetail());
                }
            }
        }
    }

    private static Map<BackendEvent, Long> events() throws IOException {
        Map<BackendEvent, Long> events = new EnumMap<>(BackendEvent.class);
        String stats = backend.stats();
        for (BackendEvent event : BackendEvent.values()) {
            for (String pair : stats.split(" ")) {
                if (pair.startsWith(event.name() + "=")) {
                    events.put(event, Long.parseLong(pair.substring(event.name().length() + 1)));
                }
            }
        }
        return events;
    }

    private static long delta(Map<BackendEvent, Long> before, Map<BackendEvent, Long> after, BackendEvent event) {
        return after.getOrDefault(event, 0L) - before.getOrDefault(event, 0L);
    }
}
