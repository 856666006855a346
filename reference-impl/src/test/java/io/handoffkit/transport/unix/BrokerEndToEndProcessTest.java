package io.handoffkit.transport.unix;

import static io.handoffkit.transport.unix.UnixFixtures.assertEchoes;
import static io.handoffkit.transport.unix.UnixFixtures.dial;
import static io.handoffkit.transport.unix.UnixFixtures.hello;
import static io.handoffkit.transport.unix.UnixFixtures.readReplyFrame;
import static io.handoffkit.transport.unix.UnixFixtures.readToEof;
import static io.handoffkit.transport.unix.UnixFixtures.reply;
import static io.handoffkit.transport.unix.UnixFixtures.sayHello;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.handoffkit.broker.FailureRateLimit;
import io.handoffkit.client.RelayWait;
import io.handoffkit.proto.v1.ErrorCode;
import io.handoffkit.proto.v1.HandoffAck;
import io.handoffkit.proto.v1.HelloReply;
import io.handoffkit.proto.v1.Negotiated;
import io.handoffkit.token.Token;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
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
 * The reference broker (this JVM, and {@link ReferenceBrokerMain} as a process) in front of the
 * reference backend ({@link ReferenceBackendMain} in its own JVM): a client says Hello to the
 * broker and ends up talking to the backend process over the very socket it opened.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Tag("process")
class BrokerEndToEndProcessTest {

    private static final Duration SHORT = Duration.ofSeconds(5);

    private static Path dir;
    private static BackendProcess backend;
    private static ReferenceBroker broker;

    @BeforeAll
    static void start() throws IOException {
        dir = UnixFixtures.socketDir();
        backend = BackendProcess.start(dir.resolve("backend.sock"));
        broker = ReferenceBroker.builder(dir.resolve("broker.sock"), backend.socket).failureLimit(FailureRateLimit.unlimited()).start();
    }

    @AfterAll
    static void stop() throws Exception {
        UnixFixtures.closeQuietly(broker);
        UnixFixtures.closeQuietly(backend);
        UnixFixtures.deleteTree(dir);
    }

    /** Hello with bit 0, Negotiated, the relay through {@link RelayWait}, then the backend's echo on the same socket. */
    private static void handOff(Path brokerSocket, long requestId) throws IOException {
        try (AFUNIXSocket client = sayHello(brokerSocket, hello(true), requestId)) {
            Negotiated negotiated = reply(readReplyFrame(client)).getNegotiated();
            Token token = Token.of(negotiated.getHandlePassedToken()).orElseThrow(() -> new AssertionError("NEG-3 a token"));
            RelayWait.Outcome outcome = RelayWait.await(client, token);
            RelayWait.Outcome.Adopted adopted = assertInstanceOf(RelayWait.Outcome.Adopted.class, outcome, outcome.toString());
            assertEquals(HandoffAck.newBuilder().setToken(token.toByteString()).setAccepted(true)
                    .setCorrelationId(negotiated.getConnectionId()).build(), adopted.ack(), "FRAMES-3 the canonical relay");
            // the broker holds no descriptor of the connection any more: the answer comes from the backend process
            assertEchoes(client);
        }
    }

    @Test
    @Order(1)
    @Timeout(60)
    @DisplayName("BROKER-4 BROKER-5 across processes: the client's connection to the reference broker moves into the reference backend's process; the client reads the relay with RelayWait and is answered by the backend on the socket it opened to the broker")
    void handoffAcrossProcesses() throws Exception {
        long sessionsBefore = backend.count(BackendEvent.ACCEPTED);
        handOff(broker.socketPath(), 1);
        assertEquals(sessionsBefore + 1, backend.count(BackendEvent.ACCEPTED));
    }

    enum Kind { HANDOFF, WITHOUT_HANDLE_PASSING, REFUSED, HANG_UP }

    private static void runOne(Kind kind, long requestId) throws IOException {
        switch (kind) {
            case HANDOFF -> handOff(broker.socketPath(), requestId);
            case WITHOUT_HANDLE_PASSING -> {
                try (AFUNIXSocket client = sayHello(broker.socketPath(), hello(false), requestId)) {
                    assertTrue(reply(readReplyFrame(client)).getNegotiated().getHandlePassedToken().isEmpty());
                    assertArrayEquals(new byte[0], readToEof(client, SHORT), "BROKER-6 end of stream");
                }
            }
            case REFUSED -> {
                try (AFUNIXSocket client = sayHello(broker.socketPath(), hello(true).toBuilder().setServiceName("nobody").build(), requestId)) {
                    HelloReply reply = reply(readReplyFrame(client));
                    assertEquals(ErrorCode.ERROR_SERVICE_UNKNOWN, reply.getRefused().getCode());
                    assertArrayEquals(new byte[0], readToEof(client, SHORT), "BROKER-6 end of stream");
                }
            }
            case HANG_UP -> dial(broker.socketPath()).close();
        }
    }

    @Test
    @Order(2)
    @Timeout(180)
    @DisplayName("Descriptor accounting: 2,000 mixed clients (handoff, no bit 0, refused Hello, hang-up) on 4 threads leave no descriptor behind in either process, and no token or ACK entry in the broker")
    void descriptorAccounting() throws Exception {
        int total = Integer.getInteger("handoff.e2e.brokerClients", 2_000);
        int workers = 4;
        List<Kind> kinds = new ArrayList<>();
        while (kinds.size() < total) {
            kinds.add(Kind.values()[kinds.size() % Kind.values().length]);
        }
        Collections.shuffle(kinds, new Random(7));
        for (Kind kind : Kind.values()) {
            runOne(kind, 0); // warm-up: every path once, so files opened lazily are open before counting
        }
        assertTrue(broker.awaitIdle(SHORT));
        int brokerBefore = UnixFixtures.settledDescriptorCount();
        int backendBefore = backend.openDescriptors();
        Map<ClientOutcome, Long> before = broker.stats().outcomes();

        long start = System.nanoTime();
        ConcurrentLinkedQueue<Kind> queue = new ConcurrentLinkedQueue<>(kinds);
        ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
        ExecutorService pool = Executors.newFixedThreadPool(workers);
        for (int w = 0; w < workers; w++) {
            pool.execute(() -> {
                for (Kind kind; (kind = queue.poll()) != null; ) {
                    try {
                        runOne(kind, queue.size());
                    } catch (Throwable t) {
                        failures.add(kind + ": " + t);
                    }
                }
            });
        }
        pool.shutdown();
        assertTrue(pool.awaitTermination(150, TimeUnit.SECONDS), "the clients finished");
        long elapsedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        assertEquals(List.of(), failures.stream().limit(10).toList(), failures.size() + " clients failed");
        assertTrue(broker.awaitIdle(SHORT));
        int brokerAfter = Descriptors.countOpen();
        int backendAfter = backend.openDescriptors();
        BrokerStats stats = broker.stats();
        Map<Kind, Long> planned = new EnumMap<>(Kind.class);
        kinds.forEach(k -> planned.merge(k, 1L, Long::sum));
        System.out.printf("[broker accounting] %d clients %s in %d ms; descriptors: broker %d -> %d, backend %d -> %d%n",
                total, planned, elapsedMs, brokerBefore, brokerAfter, backendBefore, backendAfter);
        assertAll(
                () -> assertEquals(brokerBefore, brokerAfter, "descriptors leaked in the broker's process"),
                () -> assertEquals(backendBefore, backendAfter, "descriptors leaked in the backend's process"),
                () -> assertEquals(0, stats.pendingTokens(), "ORCH-3 tokens left pending"),
                () -> assertEquals(0, stats.pendingAcks(), "ORCH-3 ACK entries left pending"),
                () -> assertEquals(planned.get(Kind.HANDOFF), delta(before, stats, ClientOutcome.HANDED_OFF)),
                () -> assertEquals(planned.get(Kind.WITHOUT_HANDLE_PASSING), delta(before, stats, ClientOutcome.NEGOTIATED_WITHOUT_HANDOFF)),
                () -> assertEquals(planned.get(Kind.REFUSED), delta(before, stats, ClientOutcome.REFUSED)),
                // the broker answers a hang-up's empty Hello with a refusal that cannot be written any more
                () -> assertEquals(planned.get(Kind.HANG_UP), delta(before, stats, ClientOutcome.FAILED)),
                () -> assertEquals(0, delta(before, stats, ClientOutcome.FELL_BACK)));
    }

    private static long delta(Map<ClientOutcome, Long> before, BrokerStats after, ClientOutcome outcome) {
        return after.count(outcome) - before.getOrDefault(outcome, 0L);
    }

    @Test
    @Order(3)
    @Timeout(90)
    @DisplayName("ReferenceBrokerMain as a process: prints READY, hands a client's connection to the backend process, stops on SIGTERM and removes its socket")
    void brokerProcess() throws Exception {
        Path socket = dir.resolve("main.sock");
        String java = ProcessHandle.current().info().command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        Process process = new ProcessBuilder(java, "-XX:+UseSerialGC", "-Xmx256m", "-cp", System.getProperty("java.class.path"),
                ReferenceBrokerMain.class.getName(), "--socket", socket.toString(), "--backend", backend.socket.toString(),
                "--service", UnixFixtures.SERVICE, "--ack-deadline", "2s", "--profile", "4.5.5")
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
            assertEquals("READY " + socket, out.readLine());
            handOff(socket, 1);
            process.destroy(); // SIGTERM
            assertTrue(process.waitFor(30, TimeUnit.SECONDS), "the broker process stopped");
            assertFalse(Files.exists(socket), "the broker removed its socket");
        } finally {
            process.destroyForcibly();
        }
    }
}
