package io.handoffkit.transport.unix;

import static io.handoffkit.transport.unix.UnixFixtures.dial;
import static io.handoffkit.transport.unix.UnixFixtures.negotiatedTo;
import static io.handoffkit.transport.unix.UnixFixtures.nextCorrelationId;
import static io.handoffkit.transport.unix.UnixFixtures.offerFrame;
import static io.handoffkit.transport.unix.UnixFixtures.readToEof;
import static io.handoffkit.transport.unix.UnixFixtures.request;
import static io.handoffkit.transport.unix.UnixFixtures.sendSideband;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.handoffkit.broker.FallbackReason;
import io.handoffkit.broker.HandoffStage;
import io.handoffkit.client.RelayWait;
import io.handoffkit.proto.v1.HandoffAck;
import io.handoffkit.time.Clock;
import io.handoffkit.token.Token;
import io.handoffkit.transport.unix.UnixFixtures.BrokerListener;
import io.handoffkit.transport.unix.UnixFixtures.ClientConnection;
import io.handoffkit.wire.FrameWriter;
import io.handoffkit.wire.HandoffFrames;
import io.handoffkit.wire.ReasonCode;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.newsclub.net.unix.AFUNIXSocket;

/**
 * Issue 3 §2 over real sockets: every blocking read of the broker's ACK wait (ACK-7), the
 * backend's offer read and the client's relay wait (RELAY-5) ends within its deadline + 50 ms, for
 * a silent peer and for a peer trickling one byte every 100 ms; and each leaves its stream in the
 * state documented for it:
 * <ul>
 *   <li>broker: the handoff stream is closed; the client connection is untouched and usable;</li>
 *   <li>backend: the handoff stream is dropped and the received descriptor closed without shutdown;</li>
 *   <li>client: {@code Reconnect}; with nothing consumed the connection is intact, with a partial
 *       frame consumed it must be closed ({@code bytesConsumed > 0} says so).</li>
 * </ul>
 */
@Timeout(30)
class DeadlineTest {

    private static final Duration DEADLINE = Duration.ofMillis(300);
    private static final Duration SLACK = Duration.ofMillis(50);
    private static final Duration TRICKLE = Duration.ofMillis(100);
    private static final List<String> MEASURED = new ArrayList<>();

    private Path dir;
    private BrokerListener listener;

    @BeforeEach
    void setUp() throws IOException {
        dir = UnixFixtures.socketDir();
        listener = new BrokerListener(dir.resolve("broker.sock"));
    }

    @AfterEach
    void tearDown() throws IOException {
        listener.close();
        UnixFixtures.deleteTree(dir);
    }

    @AfterAll
    static void printMeasurements() {
        System.out.println("[deadlines] deadline " + DEADLINE.toMillis() + " ms, allowed overshoot " + SLACK.toMillis() + " ms");
        MEASURED.forEach(m -> System.out.println("[deadlines] " + m));
    }

    private static long assertWithinDeadline(String what, long startNanos, long endNanos) {
        long elapsedMs = TimeUnit.NANOSECONDS.toMillis(endNanos - startNanos);
        synchronized (MEASURED) {
            MEASURED.add(what + ": " + elapsedMs + " ms");
        }
        assertTrue(elapsedMs >= DEADLINE.toMillis(), what + " gave up early, after " + elapsedMs + " ms");
        assertTrue(elapsedMs <= DEADLINE.plus(SLACK).toMillis(),
                what + " took " + elapsedMs + " ms, more than the deadline + " + SLACK.toMillis() + " ms");
        return elapsedMs;
    }

    /** Writes {@code bytes} one at a time, one every {@link #TRICKLE}, on its own thread, until done or the stream fails. */
    private static Thread trickle(OutputStream out, byte[] bytes) {
        Thread t = new Thread(() -> {
            try {
                for (byte b : bytes) {
                    Thread.sleep(TRICKLE.toMillis());
                    out.write(b);
                    out.flush();
                }
            } catch (IOException | InterruptedException e) {
                // the reader gave up and dropped the stream
            }
        }, "trickle");
        t.setDaemon(true);
        t.start();
        return t;
    }

    // ---- broker: the ACK wait (ACK-7)

    private void brokerAbandons(ScriptedBackend.Answer mode, String what) throws Exception {
        Path backendPath = dir.resolve("misbehaving.sock");
        try (ScriptedBackend backend = new ScriptedBackend(backendPath, mode, TRICKLE);
                ClientConnection connection = listener.connect()) {
            UnixBrokerHandoff broker = UnixFixtures.broker(DEADLINE);
            long start = System.nanoTime();
            BrokerResult result = broker.handOff(connection.brokerSide(), backendPath, request(1), negotiatedTo(connection.brokerSide()));
            assertWithinDeadline(what, start, System.nanoTime());
            BrokerResult.FellBack fellBack = assertInstanceOf(BrokerResult.FellBack.class, result);
            assertAll(
                    () -> assertEquals(1, backend.offersSeen(), "the backend received the offer"),
                    () -> assertEquals(HandoffStage.AWAIT_ACK, fellBack.fallback().stage()),
                    () -> assertEquals(FallbackReason.BACKEND_ACK_TIMEOUT, fellBack.fallback().reason()),
                    () -> assertEquals(ReasonCode.IO, fellBack.fallback().rejection().orElseThrow().reason()));
            // defined state: the handoff stream was closed (the backend saw its end), the client connection is the broker's
            assertTrue(backend.awaitIdle(Duration.ofSeconds(2)), "the broker closed the handoff stream");
            UnixFixtures.readNegotiated(connection.client());
            connection.assertWorksBothWays();
        }
    }

    @Test
    @DisplayName("ACK-7 a silent backend is abandoned within the ACK deadline + 50 ms; the client connection stays the broker's and usable")
    void silentBackend() throws Exception {
        brokerAbandons(ScriptedBackend.Answer.SILENT, "broker ACK wait, silent backend");
    }

    @Test
    @DisplayName("ACK-7 a backend trickling its ACK one byte every 100 ms cannot extend the ACK deadline")
    void tricklingBackend() throws Exception {
        brokerAbandons(ScriptedBackend.Answer.TRICKLE, "broker ACK wait, trickling backend");
    }

    // ---- backend: the offer read

    private UnixHandoffBackend backendWithDeadline(Path path, LinkedBlockingQueue<HandoffReport> reports) throws IOException {
        return UnixHandoffBackend.builder(path).offerDeadline(DEADLINE).listener(reports::add).start();
    }

    @Test
    @DisplayName("OFFER-3 a broker silent after the sideband is dropped within the offer deadline + 50 ms; the descriptor is closed without shutdown")
    void silentBroker() throws Exception {
        Path backendPath = dir.resolve("backend.sock");
        LinkedBlockingQueue<HandoffReport> reports = new LinkedBlockingQueue<>();
        try (UnixHandoffBackend backend = backendWithDeadline(backendPath, reports);
                ClientConnection connection = listener.connect()) {
            long start = System.nanoTime();
            try (AFUNIXSocket handoff = dial(backendPath)) {
                sendSideband(handoff, Token.random(UnixFixtures.RANDOM).toBytes(), connection.brokerDescriptor());
                assertArrayEquals(new byte[0], readToEof(handoff, Duration.ofSeconds(5)), "dropped without an ACK");
                assertWithinDeadline("backend offer read, silent broker", start, System.nanoTime());
            }
            HandoffReport report = reports.poll(5, TimeUnit.SECONDS);
            assertNotNull(report);
            assertAll(
                    () -> assertEquals(BackendEvent.MALFORMED_OFFER, report.event()),
                    () -> assertEquals(ReasonCode.IO, report.rejection().orElseThrow().reason()),
                    () -> assertTrue(report.detail().contains("deadline"), report.detail()));
            connection.assertWorksBothWays();
            assertTrue(connection.clientSeesEofAfterBrokerDrops(Duration.ofSeconds(2)), "the backend closed its copy");
        }
    }

    @Test
    @DisplayName("OFFER-3 a broker trickling the offer one byte every 100 ms cannot extend the offer deadline")
    void tricklingBroker() throws Exception {
        Path backendPath = dir.resolve("backend.sock");
        LinkedBlockingQueue<HandoffReport> reports = new LinkedBlockingQueue<>();
        try (UnixHandoffBackend backend = backendWithDeadline(backendPath, reports);
                ClientConnection connection = listener.connect()) {
            long start = System.nanoTime();
            try (AFUNIXSocket handoff = dial(backendPath)) {
                Token token = Token.random(UnixFixtures.RANDOM);
                sendSideband(handoff, token.toBytes(), connection.brokerDescriptor());
                Thread writer = trickle(handoff.getOutputStream(), offerFrame(token, nextCorrelationId()));
                assertArrayEquals(new byte[0], readToEof(handoff, Duration.ofSeconds(5)), "dropped without an ACK");
                assertWithinDeadline("backend offer read, trickling broker", start, System.nanoTime());
                writer.interrupt();
            }
            HandoffReport report = reports.poll(5, TimeUnit.SECONDS);
            assertNotNull(report);
            assertEquals(BackendEvent.MALFORMED_OFFER, report.event());
            assertTrue(connection.clientSeesEofAfterBrokerDrops(Duration.ofSeconds(2)), "the backend closed its copy");
        }
    }

    @Test
    @DisplayName("A broker that connects and never sends its sideband is dropped within the offer deadline + 50 ms")
    void silentBeforeSideband() throws Exception {
        Path backendPath = dir.resolve("backend.sock");
        try (UnixHandoffBackend backend = backendWithDeadline(backendPath, new LinkedBlockingQueue<>())) {
            long start = System.nanoTime();
            try (AFUNIXSocket handoff = dial(backendPath)) {
                assertArrayEquals(new byte[0], readToEof(handoff, Duration.ofSeconds(5)));
                assertWithinDeadline("backend sideband read, silent broker", start, System.nanoTime());
            }
        }
    }

    // ---- client: the relay wait (RELAY-5)

    @Test
    @DisplayName("RELAY-5 no relay: the client's wait ends within the wait + 50 ms, nothing consumed, the connection intact")
    void silentRelay() throws Exception {
        try (ClientConnection connection = listener.connect()) {
            connection.client().setSoTimeout(8_000);
            long start = System.nanoTime();
            RelayWait.Outcome outcome = RelayWait.await(connection.client(), Token.random(UnixFixtures.RANDOM), DEADLINE, Clock.system());
            assertWithinDeadline("client relay wait, silent broker", start, System.nanoTime());
            RelayWait.Outcome.Reconnect reconnect = assertInstanceOf(RelayWait.Outcome.Reconnect.class, outcome);
            assertAll(
                    () -> assertEquals(ReasonCode.IO, reconnect.reason().reason()),
                    () -> assertEquals(0, reconnect.bytesConsumed()),
                    () -> assertTrue(reconnect.connectionIntact()),
                    () -> assertEquals(8_000, connection.client().getSoTimeout(), "the read timeout is restored"));
            connection.assertWorksBothWays();
        }
    }

    @Test
    @DisplayName("RELAY-5 a relay trickled one byte every 100 ms cannot extend the wait; the partly read connection is reported as not intact")
    void tricklingRelay() throws Exception {
        try (ClientConnection connection = listener.connect()) {
            Token token = Token.random(UnixFixtures.RANDOM);
            HandoffAck ack = HandoffAck.newBuilder().setToken(token.toByteString()).setAccepted(true).setCorrelationId(9).build();
            byte[] relay = FrameWriter.encode(HandoffFrames.ready(ack));
            long start = System.nanoTime();
            Thread writer = trickle(connection.brokerSide().getOutputStream(), relay);
            RelayWait.Outcome outcome = RelayWait.await(connection.client(), token, DEADLINE, Clock.system());
            assertWithinDeadline("client relay wait, trickling broker", start, System.nanoTime());
            writer.interrupt();
            RelayWait.Outcome.Reconnect reconnect = assertInstanceOf(RelayWait.Outcome.Reconnect.class, outcome);
            assertAll(
                    () -> assertEquals(ReasonCode.IO, reconnect.reason().reason()),
                    () -> assertTrue(reconnect.bytesConsumed() >= 2, "bytes consumed: " + reconnect.bytesConsumed()),
                    () -> assertTrue(!reconnect.connectionIntact()));
        }
    }
}
