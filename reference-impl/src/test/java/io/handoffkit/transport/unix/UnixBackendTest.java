package io.handoffkit.transport.unix;

import static io.handoffkit.transport.unix.UnixFixtures.assertEchoes;
import static io.handoffkit.transport.unix.UnixFixtures.dial;
import static io.handoffkit.transport.unix.UnixFixtures.negotiatedTo;
import static io.handoffkit.transport.unix.UnixFixtures.nextCorrelationId;
import static io.handoffkit.transport.unix.UnixFixtures.offerFrame;
import static io.handoffkit.transport.unix.UnixFixtures.readToEof;
import static io.handoffkit.transport.unix.UnixFixtures.request;
import static io.handoffkit.transport.unix.UnixFixtures.sendSideband;
import static io.handoffkit.transport.unix.UnixFixtures.write;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import io.handoffkit.client.RelayWait;
import io.handoffkit.proto.v1.Frame;
import io.handoffkit.proto.v1.FrameKind;
import io.handoffkit.proto.v1.HandoffAck;
import io.handoffkit.proto.v1.HandoffOffer;
import io.handoffkit.token.Token;
import io.handoffkit.transport.unix.UnixFixtures.BrokerListener;
import io.handoffkit.transport.unix.UnixFixtures.ClientConnection;
import io.handoffkit.wire.Decoding;
import io.handoffkit.wire.FrameReader;
import io.handoffkit.wire.FrameWriter;
import io.handoffkit.wire.Framing;
import io.handoffkit.wire.HandoffFrames;
import io.handoffkit.wire.ReasonCode;
import io.handoffkit.wire.Verdict;
import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.newsclub.net.unix.AFUNIXSocket;

/**
 * The backend's side over real sockets and real descriptors (OFFER-3, OFFER-6, OFFER-7, TOKEN-2,
 * TOKEN-5, and the descriptor rules of issue 3 §1). Whether the backend closed its copy of the
 * client connection is observed, not assumed: when the broker then closes its own copy (without
 * shutdown) the client sees end of stream only if no other process still holds the connection.
 */
class UnixBackendTest {

    private static final Duration SHORT = Duration.ofSeconds(2);

    private Path dir;
    private Path backendPath;
    private BrokerListener listener;
    private UnixHandoffBackend backend;
    private final LinkedBlockingQueue<HandoffReport> reports = new LinkedBlockingQueue<>();

    @BeforeEach
    void setUp() throws IOException {
        dir = UnixFixtures.socketDir();
        backendPath = dir.resolve("backend.sock");
        listener = new BrokerListener(dir.resolve("broker.sock"));
        backend = UnixHandoffBackend.builder(backendPath).listener(reports::add).start();
    }

    @AfterEach
    void tearDown() throws IOException {
        backend.close();
        listener.close();
        UnixFixtures.deleteTree(dir);
    }

    private HandoffReport nextReport() throws InterruptedException {
        HandoffReport report = reports.poll(5, TimeUnit.SECONDS);
        assertNotNull(report, "the backend reported the handoff");
        return report;
    }

    /** Sideband + offer for {@code token} by hand; returns the ACK the backend wrote. */
    private static HandoffAck handOffByHand(AFUNIXSocket handoff, FileDescriptor client, Token sideband, ByteString offered, long correlationId)
            throws IOException {
        sendSideband(handoff, sideband.toBytes(), client);
        write(handoff, offerFrame(offered, correlationId));
        return readAck(handoff);
    }

    /** The next ACK on {@code handoff}, waiting up to 5 s. */
    private static HandoffAck readAck(AFUNIXSocket handoff) throws IOException {
        handoff.setSoTimeout(5000);
        Verdict<Frame> frame = FrameReader.read(handoff.getInputStream(), Framing.MAX_FRAME_BYTES)
                .then(b -> Decoding.frame(b, "HandoffAck"));
        return ((Verdict.Accepted<HandoffAck>) frame.then(f -> Decoding.ack(f.getPayload()))).value();
    }

    @Test
    @DisplayName("OFFER-7 an accepted handoff adopts the very connection: the client then talks to the backend on it")
    void acceptedAdopts() throws Exception {
        try (ClientConnection connection = listener.connect(); AFUNIXSocket handoff = dial(backendPath)) {
            Token token = Token.random(UnixFixtures.RANDOM);
            long correlationId = nextCorrelationId();
            HandoffAck ack = handOffByHand(handoff, connection.brokerDescriptor(), token, token.toByteString(), correlationId);
            assertAll(
                    () -> assertTrue(ack.getAccepted(), ack.getErrorDetail()),
                    () -> assertEquals(token.toByteString(), ack.getToken(), "OFFER-6 token echo"),
                    () -> assertEquals(correlationId, ack.getCorrelationId(), "OFFER-6 correlation echo"));
            assertEquals(BackendEvent.ACCEPTED, nextReport().event());
            Descriptors.dropWithoutShutdown(connection.brokerDescriptor());
            assertEchoes(connection.client());
        }
    }

    @Test
    @DisplayName("OFFER-7 adopted connections are released in full when they end: no descriptor stays open (in-process count)")
    void adoptedConnectionsDoNotLeak() throws Exception {
        UnixBrokerHandoff broker = UnixFixtures.broker(Duration.ofSeconds(5));
        Runnable oneHandoff = () -> {
            try (ClientConnection connection = listener.connect()) {
                assertInstanceOf(BrokerResult.HandedOff.class,
                        broker.handOff(connection.brokerSide(), backendPath, request(1), negotiatedTo(connection.brokerSide())));
                Token token = UnixFixtures.readNegotiated(connection.client());
                assertInstanceOf(RelayWait.Outcome.Adopted.class, RelayWait.await(connection.client(), token));
                assertEchoes(connection.client());
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        };
        oneHandoff.run(); // warm-up: lazily opened JVM files
        assertTrue(backend.awaitIdle(SHORT));
        // earlier tests' dropped sockets are closed by a cleaner at some point: not during the count
        int before = UnixFixtures.settledDescriptorCount();
        for (int i = 0; i < 20; i++) {
            oneHandoff.run();
        }
        assertTrue(backend.awaitIdle(SHORT));
        assertEquals(before, Descriptors.countOpen(), "descriptors open after 20 adopted connections ended");
        assertEquals(21, backend.stats().count(BackendEvent.ACCEPTED));
    }

    @Test
    @DisplayName("OFFER-7 a refused handoff (wrong token) closes the backend's descriptor without shutdown: the broker's connection still works both ways")
    void refusedClosesWithoutShutdown() throws Exception {
        try (ClientConnection connection = listener.connect(); AFUNIXSocket handoff = dial(backendPath)) {
            Token expected = Token.random(UnixFixtures.RANDOM);
            Token wrong = Token.random(UnixFixtures.RANDOM);
            HandoffAck ack = handOffByHand(handoff, connection.brokerDescriptor(), expected, wrong.toByteString(), nextCorrelationId());
            assertAll(
                    () -> assertFalse(ack.getAccepted()),
                    () -> assertEquals("handoff token mismatch", ack.getErrorDetail()));
            assertArrayEquals(new byte[0], readToEof(handoff, SHORT), "the handoff stream is dropped after the ACK");
            HandoffReport report = nextReport();
            assertEquals(BackendEvent.REFUSED, report.event());
            assertEquals(ReasonCode.TOKEN_MISMATCH, report.rejection().orElseThrow().reason());
            connection.assertWorksBothWays();
            assertTrue(connection.clientSeesEofAfterBrokerDrops(SHORT), "the backend closed its copy");
        }
    }

    static Stream<Named<Function<Long, byte[]>>> malformedOffers() throws IOException {
        Token token = Token.random(UnixFixtures.RANDOM);
        return Stream.of(
                Named.of("framing byte 2 (FRAME-1)", c -> new byte[] {2, 0, 0, 0, 0}),
                Named.of("undecodable body (DEC-1)", c -> new byte[] {1, 2, 0, 0, 0, (byte) 0xFF, (byte) 0xFF}),
                Named.of("kind RESPONSE (ENV-2)", c -> encode(HandoffFrames.offer(offer(token, c)).toBuilder()
                        .setKind(FrameKind.FRAME_KIND_RESPONSE).build())),
                Named.of("request_id differs from correlation_id (OFFER-2)", c -> encode(HandoffFrames.offer(offer(token, c)).toBuilder()
                        .setRequestId(c + 1).build())),
                Named.of("truncated body (FRAME-6)", c -> {
                    byte[] wire = encode(HandoffFrames.offer(offer(token, c)));
                    return Arrays.copyOf(wire, wire.length - 3);
                }),
                Named.of("truncated length (FRAME-6)", c -> new byte[] {1, 9}));
    }

    private static HandoffOffer offer(Token token, long correlationId) {
        return HandoffOffer.newBuilder().setToken(token.toByteString()).setServiceName("echo").setCorrelationId(correlationId).build();
    }

    private static byte[] encode(Frame frame) {
        try {
            return FrameWriter.encode(frame);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("malformedOffers")
    @DisplayName("OFFER-3 a malformed offer gets no ACK, the handoff stream is dropped and the descriptor closed without shutdown")
    void malformedOffer(Function<Long, byte[]> wire) throws Exception {
        try (ClientConnection connection = listener.connect(); AFUNIXSocket handoff = dial(backendPath)) {
            sendSideband(handoff, Token.random(UnixFixtures.RANDOM).toBytes(), connection.brokerDescriptor());
            write(handoff, wire.apply(nextCorrelationId()));
            handoff.getChannel().shutdownOutput(); // a truncated frame is followed by end of stream
            assertArrayEquals(new byte[0], readToEof(handoff, SHORT), "no ACK, then end of stream");
            assertEquals(BackendEvent.MALFORMED_OFFER, nextReport().event());
            connection.assertWorksBothWays();
            assertTrue(connection.clientSeesEofAfterBrokerDrops(SHORT), "the backend closed its copy");
        }
    }

    @Test
    @DisplayName("TOKEN-2/TOKEN-5 a replayed sideband token is never registered twice: the replay is refused as not pending")
    void replayIsNotPending() throws Exception {
        Token token = Token.random(UnixFixtures.RANDOM);
        try (ClientConnection first = listener.connect(); AFUNIXSocket handoff = dial(backendPath)) {
            assertTrue(handOffByHand(handoff, first.brokerDescriptor(), token, token.toByteString(), nextCorrelationId()).getAccepted());
            assertEquals(BackendEvent.ACCEPTED, nextReport().event());
        }
        try (ClientConnection replay = listener.connect(); AFUNIXSocket handoff = dial(backendPath)) {
            HandoffAck ack = handOffByHand(handoff, replay.brokerDescriptor(), token, token.toByteString(), nextCorrelationId());
            assertAll(
                    () -> assertFalse(ack.getAccepted()),
                    () -> assertEquals("handoff token is not pending", ack.getErrorDetail()));
            assertEquals(BackendEvent.REFUSED, nextReport().event());
            assertTrue(replay.clientSeesEofAfterBrokerDrops(SHORT), "the replayed descriptor was closed");
        }
    }

    @Test
    @DisplayName("TOKEN-2 after a refused mismatch the sideband token is gone: presenting it correctly later is still a replay")
    void replayAfterMismatch() throws Exception {
        Token token = Token.random(UnixFixtures.RANDOM);
        try (ClientConnection first = listener.connect(); AFUNIXSocket handoff = dial(backendPath)) {
            HandoffAck ack = handOffByHand(handoff, first.brokerDescriptor(), token, Token.random(UnixFixtures.RANDOM).toByteString(), nextCorrelationId());
            assertEquals("handoff token mismatch", ack.getErrorDetail());
        }
        try (ClientConnection second = listener.connect(); AFUNIXSocket handoff = dial(backendPath)) {
            HandoffAck ack = handOffByHand(handoff, second.brokerDescriptor(), token, token.toByteString(), nextCorrelationId());
            assertEquals("handoff token is not pending", ack.getErrorDetail());
        }
    }

    @Test
    @DisplayName("Descriptor count: a sideband without a descriptor is rejected without an ACK and the stream dropped")
    void noDescriptor() throws Exception {
        try (ClientConnection connection = listener.connect(); AFUNIXSocket handoff = dial(backendPath)) {
            sendSideband(handoff, Token.random(UnixFixtures.RANDOM).toBytes());
            assertArrayEquals(new byte[0], readToEof(handoff, SHORT));
            HandoffReport report = nextReport();
            assertEquals(BackendEvent.DESCRIPTOR_COUNT, report.event());
            assertTrue(report.detail().contains("carried 0 descriptors"), report.detail());
            connection.assertWorksBothWays();
        }
    }

    @Test
    @DisplayName("Descriptor count: two descriptors in the sideband are rejected and both closed without shutdown")
    void twoDescriptors() throws Exception {
        try (ClientConnection a = listener.connect(); ClientConnection b = listener.connect(); AFUNIXSocket handoff = dial(backendPath)) {
            sendSideband(handoff, Token.random(UnixFixtures.RANDOM).toBytes(), a.brokerDescriptor(), b.brokerDescriptor());
            assertArrayEquals(new byte[0], readToEof(handoff, SHORT));
            assertEquals(BackendEvent.DESCRIPTOR_COUNT, nextReport().event());
            a.assertWorksBothWays();
            b.assertWorksBothWays();
            assertTrue(a.clientSeesEofAfterBrokerDrops(SHORT), "the first descriptor was closed");
            assertTrue(b.clientSeesEofAfterBrokerDrops(SHORT), "the second descriptor was closed");
        }
    }

    @Test
    @DisplayName("Descriptor count: a descriptor arriving with the offer is rejected without an ACK; both descriptors closed")
    void strayDescriptorWithOffer() throws Exception {
        try (ClientConnection a = listener.connect(); ClientConnection b = listener.connect(); AFUNIXSocket handoff = dial(backendPath)) {
            Token token = Token.random(UnixFixtures.RANDOM);
            sendSideband(handoff, token.toBytes(), a.brokerDescriptor());
            sendSideband(handoff, offerFrame(token, nextCorrelationId()), b.brokerDescriptor());
            assertArrayEquals(new byte[0], readToEof(handoff, SHORT), "no ACK");
            assertEquals(BackendEvent.DESCRIPTOR_COUNT, nextReport().event());
            assertTrue(a.clientSeesEofAfterBrokerDrops(SHORT), "the sideband's descriptor was closed");
            assertTrue(b.clientSeesEofAfterBrokerDrops(SHORT), "the stray descriptor was closed");
        }
    }

    @Test
    @DisplayName("Descriptor count: 253 descriptors (the Linux maximum per message) are all received and all closed; none leaks")
    void maximumDescriptors() throws Exception {
        List<FileInputStream> files = new ArrayList<>();
        for (int i = 0; i < 253; i++) {
            files.add(new FileInputStream("/dev/null"));
        }
        int before = Descriptors.countOpen();
        try (AFUNIXSocket handoff = dial(backendPath)) {
            FileDescriptor[] fds = new FileDescriptor[files.size()];
            for (int i = 0; i < fds.length; i++) {
                fds[i] = files.get(i).getFD();
            }
            sendSideband(handoff, Token.random(UnixFixtures.RANDOM).toBytes(), fds);
            assertArrayEquals(new byte[0], readToEof(handoff, SHORT));
            HandoffReport report = nextReport();
            assertEquals(BackendEvent.DESCRIPTOR_COUNT, report.event());
            assertTrue(report.detail().contains("carried 253 descriptors"), report.detail());
        }
        assertTrue(backend.awaitIdle(SHORT));
        assertEquals(before, Descriptors.countOpen(), "descriptors open in this process (broker and backend) after the rejection");
        for (FileInputStream f : files) {
            f.close();
        }
    }

    @Test
    @DisplayName("A truncated control message (MSG_CTRUNC) is rejected and the stream dropped; the broker's connection still works")
    void truncatedControlMessage() throws Exception {
        Path tinyPath = dir.resolve("tiny.sock");
        LinkedBlockingQueue<HandoffReport> tinyReports = new LinkedBlockingQueue<>();
        try (UnixHandoffBackend tiny = UnixHandoffBackend.builder(tinyPath).ancillaryBufferBytes(16).listener(tinyReports::add).start();
                ClientConnection connection = listener.connect(); AFUNIXSocket handoff = dial(tinyPath)) {
            sendSideband(handoff, Token.random(UnixFixtures.RANDOM).toBytes(), connection.brokerDescriptor());
            assertArrayEquals(new byte[0], readToEof(handoff, SHORT));
            HandoffReport report = tinyReports.poll(5, TimeUnit.SECONDS);
            assertNotNull(report);
            assertEquals(BackendEvent.SIDEBAND_INCOMPLETE, report.event());
            assertTrue(report.detail().contains("No buffer space available"), report.detail());
            connection.assertWorksBothWays();
            assertTrue(connection.clientSeesEofAfterBrokerDrops(SHORT), "nothing of the connection stayed in the backend");
        }
    }

    @Test
    @DisplayName("Fewer than 16 sideband bytes, then end of stream: rejected, the descriptor closed")
    void shortSideband() throws Exception {
        try (ClientConnection connection = listener.connect(); AFUNIXSocket handoff = dial(backendPath)) {
            sendSideband(handoff, new byte[7], connection.brokerDescriptor());
            handoff.getChannel().shutdownOutput();
            assertArrayEquals(new byte[0], readToEof(handoff, SHORT));
            HandoffReport report = nextReport();
            assertEquals(BackendEvent.SIDEBAND_INCOMPLETE, report.event());
            assertTrue(report.detail().startsWith("only 7 of 16"), report.detail());
            assertTrue(connection.clientSeesEofAfterBrokerDrops(SHORT), "the descriptor was closed");
        }
    }

    @Test
    @DisplayName("An accepted handoff leaves the stream clean: a broker may send the next handoff on it")
    void reusedStream() throws Exception {
        UnixBrokerHandoff broker = UnixFixtures.broker(Duration.ofSeconds(5));
        try (AFUNIXSocket handoff = dial(backendPath)) {
            for (int i = 0; i < 3; i++) {
                try (ClientConnection connection = listener.connect()) {
                    ScmRightsTransport transport = ScmRightsTransport.over(handoff, connection.brokerDescriptor(), broker.clock(), broker.profile());
                    BrokerResult result = broker.handOff(connection.brokerSide(), transport, request(1), negotiatedTo(connection.brokerSide()));
                    assertInstanceOf(BrokerResult.HandedOff.class, result, result.toString());
                    Token token = UnixFixtures.readNegotiated(connection.client());
                    assertInstanceOf(RelayWait.Outcome.Adopted.class, RelayWait.await(connection.client(), token));
                    assertEchoes(connection.client());
                }
            }
        }
        assertEquals(3, backend.stats().count(BackendEvent.ACCEPTED));
    }

    @Test
    @DisplayName("FRAME-9 a broker that sends the next sideband before reading the ACK is served in order: the header read-ahead takes neither its bytes nor its descriptor")
    void pipelinedNextSideband() throws Exception {
        Path oneSlot = dir.resolve("one-slot.sock");
        try (UnixHandoffBackend queued = UnixHandoffBackend.builder(oneSlot).maxConcurrentHandoffs(1).listener(reports::add).start();
                ClientConnection a = listener.connect(); ClientConnection b = listener.connect()) {
            // the only slot is taken, so the next stream waits in the backlog until everything below is queued on it
            AFUNIXSocket holder = dial(oneSlot);
            try (AFUNIXSocket handoff = dial(oneSlot)) {
                Token first = Token.random(UnixFixtures.RANDOM);
                Token second = Token.random(UnixFixtures.RANDOM);
                sendSideband(handoff, first.toBytes(), a.brokerDescriptor());
                write(handoff, offerFrame(first, 1));
                sendSideband(handoff, second.toBytes(), b.brokerDescriptor());
                write(handoff, offerFrame(second, 2));
                holder.close();
                for (Token token : new Token[] {first, second}) {
                    HandoffAck ack = readAck(handoff);
                    assertTrue(ack.getAccepted(), ack.getErrorDetail());
                    assertEquals(token.toByteString(), ack.getToken());
                }
            }
            assertEquals(BackendEvent.ACCEPTED, nextReport().event());
            assertEquals(BackendEvent.ACCEPTED, nextReport().event());
            Descriptors.dropWithoutShutdown(a.brokerDescriptor());
            Descriptors.dropWithoutShutdown(b.brokerDescriptor());
            assertEchoes(a.client());
            assertEchoes(b.client());
        }
    }

    @Test
    @DisplayName("RELAY-5 the client left before the relay: the broker reports RelayFailed and still closes its own descriptor")
    void clientGoneBeforeRelay() throws Exception {
        UnixBrokerHandoff broker = UnixFixtures.broker(Duration.ofSeconds(5));
        try (ClientConnection connection = listener.connect()) {
            TokenAnnouncement announceThenLeave = token -> connection.client().close();
            BrokerResult result = broker.handOff(connection.brokerSide(), backendPath, request(1), announceThenLeave);
            BrokerResult.RelayFailed failed = assertInstanceOf(BrokerResult.RelayFailed.class, result, result.toString());
            assertTrue(failed.outcome().ack().ack().getAccepted());
            assertFalse(connection.brokerDescriptor().valid(), "the broker closed its own descriptor");
            assertEquals(BackendEvent.ACCEPTED, nextReport().event());
            assertTrue(backend.awaitIdle(SHORT), "the backend's session saw the client's end and closed");
        }
    }

    @Test
    @DisplayName("close() closes adopted connections and handoff streams and stops every thread the backend started")
    void cleanShutdown() throws Exception {
        UnixBrokerHandoff broker = UnixFixtures.broker(Duration.ofSeconds(5));
        try (ClientConnection connection = listener.connect(); AFUNIXSocket idle = dial(backendPath)) {
            assertInstanceOf(BrokerResult.HandedOff.class,
                    broker.handOff(connection.brokerSide(), backendPath, request(1), negotiatedTo(connection.brokerSide())));
            Token token = UnixFixtures.readNegotiated(connection.client());
            assertInstanceOf(RelayWait.Outcome.Adopted.class, RelayWait.await(connection.client(), token));
            assertEchoes(connection.client());
            backend.close();
            assertArrayEquals(new byte[0], readToEof(connection.client(), SHORT), "the adopted connection was closed");
            assertArrayEquals(new byte[0], readToEof(idle, SHORT), "the idle handoff stream was closed");
        }
        String prefix = backend.threadPrefix() + "-";
        List<String> alive = Thread.getAllStackTraces().keySet().stream()
                .filter(Thread::isAlive).map(Thread::getName).filter(n -> n.startsWith(prefix)).toList();
        assertEquals(List.of(), alive, "threads of the closed backend");
        assertFalse(backendPath.toFile().exists(), "the socket file is removed");
    }

    @Test
    @DisplayName("The control-message buffer can be sized so that MSG_CTRUNC cannot happen on Linux")
    void ancillaryBufferIsSized() throws Exception {
        try (AFUNIXSocket socket = AFUNIXSocket.newInstance()) {
            assertTrue(AncillaryBuffer.size(socket, AncillaryBuffer.NO_TRUNCATION_BYTES));
            assertEquals(AncillaryBuffer.NO_TRUNCATION_BYTES, socket.getAncillaryReceiveBufferSize());
        }
    }

}
