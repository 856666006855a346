package io.handoffkit.transport.unix;

import static io.handoffkit.transport.unix.UnixFixtures.dial;
import static io.handoffkit.transport.unix.UnixFixtures.hello;
import static io.handoffkit.transport.unix.UnixFixtures.readReplyFrame;
import static io.handoffkit.transport.unix.UnixFixtures.readToEof;
import static io.handoffkit.transport.unix.UnixFixtures.reply;
import static io.handoffkit.transport.unix.UnixFixtures.roundTrip;
import static io.handoffkit.transport.unix.UnixFixtures.sayHello;
import static io.handoffkit.transport.unix.UnixFixtures.write;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import io.handoffkit.backend.OfferReceived;
import io.handoffkit.broker.FailureRateLimit;
import io.handoffkit.broker.HelloNegotiation;
import io.handoffkit.client.RelayWait;
import io.handoffkit.proto.v1.ErrorCode;
import io.handoffkit.proto.v1.Frame;
import io.handoffkit.proto.v1.FrameKind;
import io.handoffkit.proto.v1.HandoffOffer;
import io.handoffkit.proto.v1.Hello;
import io.handoffkit.proto.v1.HelloReply;
import io.handoffkit.proto.v1.Negotiated;
import io.handoffkit.token.Token;
import io.handoffkit.transport.unix.ScriptedBackend.Answer;
import io.handoffkit.wire.ControlFrames;
import io.handoffkit.wire.Envelope;
import io.handoffkit.wire.FrameWriter;
import io.handoffkit.wire.HandoffFrames;
import io.handoffkit.wire.Verdict;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.newsclub.net.unix.AFUNIXSocket;
import org.newsclub.net.unix.FileDescriptorCast;

/**
 * The reference broker over real Unix sockets in this JVM (SPEC §11, §12): this test plays the
 * client, a {@link ScriptedBackend} the backend.
 */
@Timeout(60)
@DisplayName("Reference broker: Hello, Negotiated, the handoff around it (HELLO, NEG, BROKER)")
@Tag("process")
class ReferenceBrokerTest {

    private static final Duration ACK_DEADLINE = Duration.ofMillis(500);
    private static final Duration WITHIN = Duration.ofSeconds(5);

    private Path dir;
    private ScriptedBackend backend;
    private ReferenceBroker broker;
    private final List<ClientReport> reports = new CopyOnWriteArrayList<>();
    private long requestIds = 100;

    @BeforeEach
    void start() throws IOException {
        dir = UnixFixtures.socketDir();
        backend = new ScriptedBackend(dir.resolve("backend.sock"), Answer.ACCEPT, Duration.ofMillis(900));
        broker = start(ReferenceBroker.builder(dir.resolve("broker.sock"), dir.resolve("backend.sock")).ackDeadline(ACK_DEADLINE));
    }

    private ReferenceBroker start(ReferenceBroker.Builder builder) throws IOException {
        return builder.failureLimit(FailureRateLimit.unlimited()).listener(reports::add).start();
    }

    @AfterEach
    void stop() throws Exception {
        UnixFixtures.closeQuietly(broker);
        UnixFixtures.closeQuietly(backend);
        UnixFixtures.deleteTree(dir);
    }

    /** A client that said Hello; its request id. */
    private record Client(AFUNIXSocket socket, long requestId) implements AutoCloseable {
        @Override
        public void close() {
            UnixFixtures.closeQuietly(socket);
        }
    }

    private Client say(Hello hello) throws IOException {
        long id = ++requestIds;
        return new Client(sayHello(broker.socketPath(), hello, id), id);
    }

    private static Negotiated negotiated(Client client) throws IOException {
        Frame frame = readReplyFrame(client.socket());
        assertEquals(client.requestId(), frame.getRequestId(), "NEG-1 the reply echoes the Hello frame's request_id");
        HelloReply reply = reply(frame);
        assertTrue(reply.hasNegotiated(), reply.toString());
        return reply.getNegotiated();
    }

    private static OfferReceived offer(ScriptedBackend.Handoff handoff) {
        Verdict<OfferReceived> offer = handoff.offer();
        assertInstanceOf(Verdict.Accepted.class, offer, offer.toString());
        return ((Verdict.Accepted<OfferReceived>) offer).value();
    }

    /** Nothing after Negotiated, then end of stream (BROKER-4, BROKER-6, BPROFILE-3). */
    private static void assertNothingThenEof(AFUNIXSocket client, Duration within) throws IOException {
        assertArrayEquals(new byte[0], readToEof(client, within), "no byte after Negotiated, then end of stream");
    }

    private void awaitReports(int n) throws InterruptedException {
        long end = System.nanoTime() + WITHIN.toNanos();
        while (reports.size() < n && System.nanoTime() - end < 0) {
            Thread.sleep(5);
        }
        assertEquals(n, reports.size(), "client connections the broker let go: " + reports);
    }

    @Test
    @DisplayName("NEG-3 BROKER-2 BROKER-3 BROKER-4 BROKER-5 NEG-4 a Hello with bit 0: Negotiated with a 16-byte token and bit 0; the sideband is that token with one descriptor, the client's connection in blocking mode; the offer and the relay carry connection_id; the broker's copy is dropped after the relay")
    void handoffWithHandlePassing() throws Exception {
        try (Client client = say(hello(true))) {
            Negotiated negotiated = negotiated(client);
            Token token = Token.of(negotiated.getHandlePassedToken()).orElseThrow(() -> new AssertionError("NEG-3 a 16-byte token"));
            ScriptedBackend.Handoff handoff = backend.next(WITHIN);
            HandoffOffer offer = offer(handoff).offer();
            assertAll(
                    () -> assertEquals(HelloNegotiation.HANDLE_PASSING, negotiated.getServerCapabilities() & HelloNegotiation.HANDLE_PASSING, "NEG-3 bit 0"),
                    () -> assertEquals(1, negotiated.getNegotiatedProtocol(), "NEG-2"),
                    () -> assertFalse(negotiated.getBackendPipe().isEmpty(), "NEG-2"),
                    () -> assertArrayEquals(token.toBytes(), handoff.sideband(), "BROKER-2 the sideband is the negotiated token"),
                    () -> assertEquals(1, handoff.descriptors(), "BROKER-2 exactly one descriptor"),
                    () -> assertEquals(Optional.of(false), handoff.nonBlocking(), "BROKER-2 in blocking mode"),
                    () -> assertEquals(token.toByteString(), offer.getToken(), "BROKER-3 the offer's token"),
                    () -> assertEquals(UnixFixtures.SERVICE, offer.getServiceName(), "BROKER-3 the Hello's service"),
                    () -> assertEquals(0, offer.getHandleValue(), "BROKER-3 no handle value on Unix"),
                    () -> assertEquals(negotiated.getConnectionId(), offer.getCorrelationId(), "NEG-4 the offer's correlation id"));

            RelayWait.Outcome outcome = RelayWait.await(client.socket(), token);
            RelayWait.Outcome.Adopted adopted = assertInstanceOf(RelayWait.Outcome.Adopted.class, outcome, outcome.toString());
            assertEquals(HandoffFrames.readyFor(token.toByteString(), negotiated.getConnectionId()).getPayload(),
                    adopted.ack().toByteString(), "FRAMES-3 BROKER-4 NEG-4 the canonical relay, correlated by connection_id");

            // BROKER-2: the descriptor the backend received is the client's connection
            AFUNIXSocket backendEnd = FileDescriptorCast.using(handoff.adopted().orElseThrow()).as(AFUNIXSocket.class);
            roundTrip(client.socket(), backendEnd, "client -> backend");
            roundTrip(backendEnd, client.socket(), "backend -> client");
            awaitReports(1);
            assertEquals(ClientOutcome.HANDED_OFF, reports.get(0).outcome());
            // BROKER-5: once the backend drops its copy nobody holds the connection: the broker kept none
            Descriptors.dropWithoutShutdown(handoff.adopted().get());
            assertNothingThenEof(client.socket(), WITHIN);
        }
    }

    @Test
    @DisplayName("BROKER-2 the passed connection carries no read timeout of the broker's Hello read: the backend's read waits as long as it takes")
    void noTimeoutLeftOnThePassedConnection() throws Exception {
        try (Client client = say(hello(true))) {
            Token token = Token.of(negotiated(client).getHandlePassedToken()).orElseThrow();
            ScriptedBackend.Handoff handoff = backend.next(WITHIN);
            assertInstanceOf(RelayWait.Outcome.Adopted.class, RelayWait.await(client.socket(), token));
            AFUNIXSocket backendEnd = FileDescriptorCast.using(handoff.adopted().orElseThrow()).as(AFUNIXSocket.class);
            CompletableFuture<Integer> read = CompletableFuture.supplyAsync(() -> {
                try {
                    return backendEnd.getInputStream().read();
                } catch (IOException e) {
                    return -2;
                }
            });
            // longer than any slice of the broker's deadline-bounded Hello read (DeadlineInputStream.MAX_SLICE_MILLIS)
            Thread.sleep(3 * 100 + 100);
            write(client.socket(), new byte[] {42});
            assertEquals(42, read.get(5, TimeUnit.SECONDS), "the backend's blocking read waited for the byte");
            Descriptors.dropWithoutShutdown(handoff.adopted().get());
        }
    }

    @Test
    @DisplayName("NEG-3 BROKER-1 BROKER-6 a Hello without bit 0: Negotiated without a token and without bit 0, no handoff stream, then end of stream")
    void noHandlePassing() throws Exception {
        try (Client client = say(hello(false))) {
            Negotiated negotiated = negotiated(client);
            assertAll(
                    () -> assertTrue(negotiated.getHandlePassedToken().isEmpty(), "NEG-3 no token"),
                    () -> assertEquals(0, negotiated.getServerCapabilities() & HelloNegotiation.HANDLE_PASSING, "NEG-3 no bit 0"));
            assertNothingThenEof(client.socket(), WITHIN);
            awaitReports(1);
            assertEquals(ClientOutcome.NEGOTIATED_WITHOUT_HANDOFF, reports.get(0).outcome());
            assertEquals(0, backend.streams(), "BROKER-1 the broker did not dial the handoff endpoint");
        }
    }

    static Stream<Named<Object[]>> badHellos() throws IOException {
        Hello good = hello(true);
        byte[] frame = FrameWriter.encode(ControlFrames.hello(good, 7));
        byte[] badFramingByte = frame.clone();
        badFramingByte[0] = 2;
        byte[] oversized = {1, 0x01, 0x00, 0x01, 0x00}; // 64 KiB + 1
        byte[] garbagePayload = FrameWriter.encode(Envelope.frame(FrameKind.FRAME_KIND_REQUEST,
                Envelope.CONTROL_PAYLOAD_PROTOCOL, ByteString.copyFrom(new byte[] {(byte) 0xFF, (byte) 0xFF}), 7).build());
        byte[] unknownService = FrameWriter.encode(ControlFrames.hello(good.toBuilder().setServiceName("other").build(), 7));
        byte[] noProtocolOne = FrameWriter.encode(ControlFrames.hello(good.toBuilder().setClientMinProtocol(2).setClientMaxProtocol(2).build(), 7));
        byte[] handoffProtocol = FrameWriter.encode(HandoffFrames.offer(HandoffOffer.getDefaultInstance()));
        return Stream.of(
                Named.of("HELLO-4 framing byte 2", new Object[] {badFramingByte, ErrorCode.ERROR_VERSION_UNSUPPORTED}),
                Named.of("HELLO-4 half a frame, then the client's end of stream", new Object[] {Arrays.copyOf(frame, frame.length / 2), ErrorCode.ERROR_PEER_REJECTED}),
                Named.of("HELLO-5 a length of 64 KiB + 1", new Object[] {oversized, ErrorCode.ERROR_PEER_REJECTED}),
                Named.of("HELLO-6 payload protocol 0xD0FF", new Object[] {handoffProtocol, ErrorCode.ERROR_PEER_REJECTED}),
                Named.of("HELLO-7 an undecodable payload", new Object[] {garbagePayload, ErrorCode.ERROR_PEER_REJECTED}),
                Named.of("HELLO-8 protocol 2..2", new Object[] {noProtocolOne, ErrorCode.ERROR_VERSION_UNSUPPORTED}),
                Named.of("HELLO-10 another service", new Object[] {unknownService, ErrorCode.ERROR_SERVICE_UNKNOWN}));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badHellos")
    @DisplayName("HELLO-4..HELLO-10 HELLO-12 BROKER-6 a bad Hello is refused with its code; then end of stream and no handoff")
    void refusals(Object[] bytesAndCode) throws Exception {
        try (AFUNIXSocket client = dial(broker.socketPath())) {
            write(client, (byte[]) bytesAndCode[0]);
            client.getChannel().shutdownOutput(); // java.net.Socket.shutdownOutput refuses a junixsocket socket on JDK 25
            HelloReply reply = reply(readReplyFrame(client));
            assertTrue(reply.hasRefused(), reply.toString());
            assertAll(
                    () -> assertEquals(bytesAndCode[1], reply.getRefused().getCode()),
                    () -> assertFalse(reply.getRefused().getReason().isEmpty(), "HELLO-12 a reason"),
                    () -> assertEquals(1, reply.getRefused().getDaemonMinProtocol(), "HELLO-12"),
                    () -> assertEquals(1, reply.getRefused().getDaemonMaxProtocol(), "HELLO-12"));
            assertNothingThenEof(client, WITHIN);
            awaitReports(1);
            assertEquals(ClientOutcome.REFUSED, reports.get(0).outcome());
            assertEquals(0, backend.streams(), "no handoff after a refusal");
        }
    }

    @Test
    @DisplayName("TOKEN-1 NEG-3 NEG-4 every connection gets its own token; connection ids count up from 1")
    void tokensDifferPerConnection() throws Exception {
        Set<Token> tokens = new HashSet<>();
        List<Long> ids = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            try (Client client = say(hello(true))) {
                Negotiated negotiated = negotiated(client);
                assertTrue(tokens.add(Token.of(negotiated.getHandlePassedToken()).orElseThrow()), "a token seen before");
                ids.add(negotiated.getConnectionId());
                assertInstanceOf(RelayWait.Outcome.Adopted.class, RelayWait.await(client.socket(), Token.of(negotiated.getHandlePassedToken()).get()));
                backend.next(WITHIN).adopted().ifPresent(Descriptors::dropWithoutShutdown);
            }
        }
        assertEquals(20, tokens.size());
        assertEquals(LongStream.rangeClosed(1, 20).boxed().toList(), ids);
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = Answer.class, names = {"REFUSE", "WRONG_TOKEN_ECHO", "WRONG_CORRELATION", "MALFORMED", "LATE", "SILENT", "HANG_UP"})
    @DisplayName("BROKER-4 BROKER-6 BPROFILE-3 after a refused, wrong, late or missing ACK: no byte after Negotiated, then end of stream")
    void fallback(Answer answer) throws Exception {
        backend.answer(answer);
        try (Client client = say(hello(true))) {
            Negotiated negotiated = negotiated(client);
            assertFalse(negotiated.getHandlePassedToken().isEmpty());
            assertNothingThenEof(client.socket(), ACK_DEADLINE.plus(WITHIN));
            awaitReports(1);
            assertEquals(ClientOutcome.FELL_BACK, reports.get(0).outcome(), reports.get(0).toString());
            assertTrue(backend.awaitIdle(WITHIN));
            assertEquals(0, broker.stats().pendingTokens(), "ORCH-3");
            assertEquals(0, broker.stats().pendingAcks(), "ORCH-3");
        }
    }

    @Test
    @DisplayName("NEG-3 when no token can be issued (handoffs paused after a failure, POLICY-2) a Hello with bit 0 gets neither token nor bit 0, and no handoff")
    void noTokenNoBit() throws Exception {
        ReferenceBroker paused = ReferenceBroker.builder(dir.resolve("paused.sock"), dir.resolve("backend.sock"))
                .failureLimit(new FailureRateLimit(1, Duration.ofHours(1))).listener(reports::add).start();
        backend.answer(Answer.REFUSE);
        try (AFUNIXSocket first = sayHello(paused.socketPath(), hello(true), 1)) {
            assertFalse(reply(readReplyFrame(first)).getNegotiated().getHandlePassedToken().isEmpty());
            assertNothingThenEof(first, WITHIN);
        }
        awaitReports(1);
        try (AFUNIXSocket second = sayHello(paused.socketPath(), hello(true), 2)) {
            Negotiated negotiated = reply(readReplyFrame(second)).getNegotiated();
            assertTrue(negotiated.getHandlePassedToken().isEmpty(), "no token");
            assertEquals(0, negotiated.getServerCapabilities() & HelloNegotiation.HANDLE_PASSING, "no bit 0");
            assertNothingThenEof(second, WITHIN);
        } finally {
            paused.close();
        }
        assertEquals(1, backend.streams(), "only the first Hello led to a handoff");
    }

    private static final List<Answer> ANSWERS = List.of(Answer.ACCEPT, Answer.ACCEPT, Answer.ACCEPT, Answer.REFUSE, Answer.WRONG_TOKEN_ECHO,
            Answer.WRONG_CORRELATION, Answer.MALFORMED, Answer.HANG_UP, Answer.SILENT, Answer.ACCEPT);

    /** Client {@code i} of the accounting run: its backend's answer, with a Hello without bit 0 or for another service now and then. */
    private void client(int i) throws Exception {
        Answer answer = ANSWERS.get(i % ANSWERS.size());
        backend.answer(answer);
        Hello hello = hello(i % 7 != 6).toBuilder().setServiceName(i % 11 == 10 ? "other" : UnixFixtures.SERVICE).build();
        try (Client client = say(hello)) {
            HelloReply reply = reply(readReplyFrame(client.socket()));
            if (reply.hasNegotiated() && !reply.getNegotiated().getHandlePassedToken().isEmpty()) {
                if (answer == Answer.ACCEPT) {
                    Token token = Token.of(reply.getNegotiated().getHandlePassedToken()).orElseThrow();
                    assertInstanceOf(RelayWait.Outcome.Adopted.class, RelayWait.await(client.socket(), token));
                }
                backend.next(WITHIN).adopted().ifPresent(Descriptors::dropWithoutShutdown);
            }
            assertNothingThenEof(client.socket(), ACK_DEADLINE.plus(WITHIN));
        }
        assertTrue(broker.awaitIdle(WITHIN) && backend.awaitIdle(WITHIN), "idle after client " + i);
    }

    @Test
    @DisplayName("Descriptor accounting: 100 clients whose handoffs end every way (accepted, refused, wrong echo or correlation, malformed, silent, hang-up, no bit 0, refused Hello) leave no descriptor, token or ACK entry behind")
    void descriptorAccounting() throws Exception {
        for (int i = 0; i < ANSWERS.size(); i++) {
            client(i); // warm-up: every path once
        }
        int before = UnixFixtures.settledDescriptorCount();
        for (int i = 0; i < 100; i++) {
            client(i);
        }
        assertEquals(before, Descriptors.countOpen(), "descriptors leaked");
        assertEquals(0, broker.stats().pendingTokens(), "ORCH-3");
        assertEquals(0, broker.stats().pendingAcks(), "ORCH-3");
    }

    @Test
    @DisplayName("BROKER-6 a handoff endpoint nobody listens on: the dial fails, no byte after Negotiated, then end of stream")
    void noBackend() throws Exception {
        backend.close();
        try (Client client = say(hello(true))) {
            assertFalse(negotiated(client).getHandlePassedToken().isEmpty());
            assertNothingThenEof(client.socket(), WITHIN);
        }
    }

    @Test
    @DisplayName("NEG-5 Negotiated has reached the client when the backend receives the sideband")
    void negotiatedBeforeTheDial() throws Exception {
        try (AFUNIXSocket client = dial(broker.socketPath())) {
            AtomicBoolean waiting = new AtomicBoolean();
            backend.onSideband(() -> {
                try {
                    waiting.set(client.getInputStream().available() > 0);
                } catch (IOException e) {
                    waiting.set(false);
                }
            });
            write(client, FrameWriter.encode(ControlFrames.hello(hello(true), 1)));
            ScriptedBackend.Handoff handoff = backend.next(WITHIN);
            assertTrue(waiting.get(), "the Negotiated bytes were waiting at the client");
            handoff.adopted().ifPresent(Descriptors::dropWithoutShutdown);
        }
    }

    @Test
    @DisplayName("BROKER-7 a client whose backend stays silent does not hold up another client's Hello")
    void clientsAreIndependent() throws Exception {
        ReferenceBroker patient = start(ReferenceBroker.builder(dir.resolve("patient.sock"), dir.resolve("backend.sock"))
                .ackDeadline(Duration.ofSeconds(4)));
        backend.answer(Answer.SILENT);
        try (AFUNIXSocket first = sayHello(patient.socketPath(), hello(true), 1)) {
            readReplyFrame(first);
            backend.next(WITHIN); // the first handoff now waits for its ACK
            long start = System.nanoTime();
            try (AFUNIXSocket second = sayHello(patient.socketPath(), hello(false), 2)) {
                assertTrue(reply(readReplyFrame(second)).hasNegotiated());
            }
            assertTrue(Duration.ofNanos(System.nanoTime() - start).compareTo(Duration.ofSeconds(1)) < 0,
                    "the second Hello was answered while the first handoff waited");
        } finally {
            patient.close();
        }
    }

    @Test
    @DisplayName("HELLO-4 BPROFILE-5 a Hello not complete within the Hello deadline is refused as incomplete, then the connection is closed")
    void helloDeadline() throws Exception {
        ReferenceBroker strict = start(ReferenceBroker.builder(dir.resolve("strict.sock"), dir.resolve("backend.sock"))
                .helloDeadline(Duration.ofMillis(300)));
        try (AFUNIXSocket client = dial(strict.socketPath())) {
            write(client, new byte[] {1, 100, 0});
            long start = System.nanoTime();
            HelloReply reply = reply(readReplyFrame(client));
            assertEquals(ErrorCode.ERROR_PEER_REJECTED, reply.getRefused().getCode());
            assertTrue(Duration.ofNanos(System.nanoTime() - start).compareTo(Duration.ofSeconds(2)) < 0, "within the deadline");
            assertNothingThenEof(client, WITHIN);
        } finally {
            strict.close();
        }
    }

    @Test
    @DisplayName("BROKER-8 clients that hang up before, during and after their Hello do not stop the broker")
    void survivesHangUps() throws Exception {
        dial(broker.socketPath()).close();
        try (AFUNIXSocket half = dial(broker.socketPath())) {
            write(half, new byte[] {1, 20, 0, 0, 0, 8});
        }
        try (AFUNIXSocket unread = sayHello(broker.socketPath(), hello(true), 3)) {
            // gone before reading its Negotiated
        }
        awaitReports(3);
        try (Client client = say(hello(true))) {
            Token token = Token.of(negotiated(client).getHandlePassedToken()).orElseThrow();
            assertInstanceOf(RelayWait.Outcome.Adopted.class, RelayWait.await(client.socket(), token));
            backend.next(WITHIN).adopted().ifPresent(Descriptors::dropWithoutShutdown);
        }
    }

    @Test
    @DisplayName("close() stops every thread of the broker, removes its socket, and leaves no token or ACK entry pending")
    void closeLeavesNothing() throws Exception {
        try (Client client = say(hello(true))) {
            negotiated(client);
            backend.next(WITHIN).adopted().ifPresent(Descriptors::dropWithoutShutdown);
        }
        awaitReports(1);
        broker.close();
        String prefix = broker.threadPrefix();
        assertEquals(List.of(), Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().startsWith(prefix) && t.isAlive()).map(Thread::getName).toList());
        assertFalse(Files.exists(broker.socketPath()), "the socket file was removed");
        assertEquals(0, broker.stats().pendingTokens());
        assertEquals(0, broker.stats().pendingAcks());
    }
}
