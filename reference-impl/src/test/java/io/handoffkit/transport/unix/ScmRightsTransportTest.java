package io.handoffkit.transport.unix;

import static io.handoffkit.transport.unix.UnixFixtures.broker;
import static io.handoffkit.transport.unix.UnixFixtures.negotiatedTo;
import static io.handoffkit.transport.unix.UnixFixtures.request;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.handoffkit.backend.AckWriter;
import io.handoffkit.backend.OfferReader;
import io.handoffkit.backend.OfferReceived;
import io.handoffkit.broker.AckReceived;
import io.handoffkit.broker.FallbackReason;
import io.handoffkit.broker.HandoffStage;
import io.handoffkit.broker.SendResult;
import io.handoffkit.broker.Unrecoverable;
import io.handoffkit.profile.Profile;
import io.handoffkit.proto.v1.HandoffAck;
import io.handoffkit.proto.v1.HandoffOffer;
import io.handoffkit.time.Clock;
import io.handoffkit.token.Token;
import io.handoffkit.transport.unix.UnixFixtures.BrokerListener;
import io.handoffkit.transport.unix.UnixFixtures.ClientConnection;
import io.handoffkit.wire.FrameWriter;
import io.handoffkit.wire.HandoffFrames;
import io.handoffkit.wire.ReasonCode;
import io.handoffkit.wire.Rejection;
import io.handoffkit.wire.Verdict;
import java.io.FileDescriptor;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.newsclub.net.unix.AFUNIXServerSocket;
import org.newsclub.net.unix.AFUNIXSocket;
import org.newsclub.net.unix.AFUNIXSocketAddress;

/** The broker's Unix transport over real sockets (ORCH-1, ORCH-4): what one send puts on the wire and how it is classified. */
class ScmRightsTransportTest {

    private Path dir;
    private BrokerListener listener;
    private ClientConnection connection;

    @BeforeEach
    void setUp() throws IOException {
        dir = UnixFixtures.socketDir();
        listener = new BrokerListener(dir.resolve("broker.sock"));
        connection = listener.connect();
    }

    @AfterEach
    void tearDown() throws IOException {
        connection.close();
        listener.close();
        UnixFixtures.deleteTree(dir);
    }

    @Test
    @DisplayName("ORCH-1 one sendmsg carries exactly the 16 token bytes and one descriptor; the offer follows on the same stream")
    void oneSendmsgThenOffer() throws Exception {
        Path backendPath = dir.resolve("backend.sock");
        try (AFUNIXServerSocket backend = AFUNIXServerSocket.bindOn(AFUNIXSocketAddress.of(backendPath));
                ScmRightsTransport transport = ScmRightsTransport.dial(backendPath, connection.brokerDescriptor(), Clock.system(), Profile.V4_6_2)) {
            HandoffOffer offer = sendTokenAndOffer(transport, 7);
            Token token = Token.of(offer.getToken()).orElseThrow();

            AFUNIXSocket received = backend.accept();
            AncillaryBuffer.size(received, AncillaryBuffer.NO_TRUNCATION_BYTES);
            byte[] first = new byte[64];
            int n = received.getInputStream().read(first);
            FileDescriptor[] fds = received.getReceivedFileDescriptors();
            // a read stops at the end of the message that carried descriptors: the first read is the sideband alone
            assertAll(
                    () -> assertEquals(16, n, "bytes in the message carrying the descriptor"),
                    () -> assertArrayEquals(token.toBytes(), Arrays.copyOf(first, 16)),
                    () -> assertEquals(1, fds.length, "descriptors in that message"));
            Verdict<OfferReceived> read = OfferReader.read(received.getInputStream());
            assertEquals(offer, ((Verdict.Accepted<OfferReceived>) read).value().offer());
            assertEquals(0, received.getReceivedFileDescriptors().length, "no descriptor travels with the offer");
            Descriptors.dropAllWithoutShutdown(Arrays.asList(fds));
            received.close();
        }
        connection.assertWorksBothWays();
    }

    @ParameterizedTest(name = "error_detail of {0} characters")
    @ValueSource(ints = {0, 4000})
    @DisplayName("ACK-5 on a dialled stream the ACK is read whole (an acceptance, and a refusal longer than the read-ahead); bytes after it change nothing")
    void ackOnDialledStream(int detailLength) throws Exception {
        Path backendPath = dir.resolve("backend.sock");
        try (AFUNIXServerSocket backend = AFUNIXServerSocket.bindOn(AFUNIXSocketAddress.of(backendPath));
                ScmRightsTransport transport = ScmRightsTransport.dial(backendPath, connection.brokerDescriptor(), Clock.system(), Profile.V4_6_2)) {
            Token token = Token.of(sendTokenAndOffer(transport, 9).getToken()).orElseThrow();
            try (AFUNIXSocket received = backend.accept()) {
                AncillaryBuffer.size(received, AncillaryBuffer.NO_TRUNCATION_BYTES);
                received.getInputStream().readNBytes(16);
                Descriptors.dropAllWithoutShutdown(Arrays.asList(received.getReceivedFileDescriptors()));
                OfferReader.read(received.getInputStream());
                HandoffAck ack = HandoffAck.newBuilder().setToken(token.toByteString()).setCorrelationId(9)
                        .setAccepted(detailLength == 0).setErrorDetail("x".repeat(detailLength)).build();
                AckWriter.write(received.getOutputStream(), ack);
                received.getOutputStream().write(new byte[] {1, 2, 3}); // not a frame: must not disturb the verdict
                long deadline = System.nanoTime() + Duration.ofSeconds(2).toNanos();
                Verdict<AckReceived> got = transport.awaitAck(token, 9, deadline);
                if (detailLength == 0) {
                    assertEquals(ack, ((Verdict.Accepted<AckReceived>) assertInstanceOf(Verdict.Accepted.class, got)).value().ack());
                } else { // a refusal: its whole detail arrived, far past the read-ahead
                    Rejection refusal = assertInstanceOf(Verdict.Rejected.class, got).rejection();
                    assertEquals(ReasonCode.REFUSED, refusal.reason());
                    assertTrue(refusal.detail().endsWith("x".repeat(detailLength)), "the whole error_detail was read");
                }
            }
        }
        connection.assertWorksBothWays();
    }

    @ParameterizedTest(name = "profile {0}")
    @EnumSource(Profile.class)
    @DisplayName("ORCH-4 / ORCH-6 a short send (0 < sent < 16) is indeterminate in 4.6.2 (the descriptor may already be in the backend), an ordinary failed send in 4.5.5")
    void shortSendByProfile(Profile profile) throws Exception {
        try (AFUNIXSocket handoff = AFUNIXSocket.newInstance()) {
            ScmRightsTransport transport = ScmRightsTransport.over(handoff, connection.brokerDescriptor(), Clock.system(), profile,
                    (stream, client, bytes) -> 5);
            SendResult result = transport.sendDescriptor(Token.random(UnixFixtures.RANDOM));
            Class<? extends SendResult> expected = profile == Profile.V4_6_2 ? SendResult.Indeterminate.class : SendResult.Failed.class;
            assertInstanceOf(expected, result);
            assertTrue(result.toString().contains("5 of 16"), result.toString());
        }
    }

    @ParameterizedTest(name = "profile {0}")
    @EnumSource(Profile.class)
    @DisplayName("ACK-7 / ACK-9 a backend trickling its ACK (4 bytes every 60 ms) is cut off at the deadline in 4.6.2; in 4.5.5 each read waits up to the ACK deadline, so it holds the broker and the ACK is judged late")
    void tricklingAckByProfile(Profile profile) throws Exception {
        Path backendPath = dir.resolve("backend.sock");
        try (AFUNIXServerSocket backend = AFUNIXServerSocket.bindOn(AFUNIXSocketAddress.of(backendPath));
                ScmRightsTransport transport = ScmRightsTransport.dial(backendPath, connection.brokerDescriptor(), Clock.system(), profile)) {
            Token token = Token.of(sendTokenAndOffer(transport, 11).getToken()).orElseThrow();
            try (AFUNIXSocket received = backend.accept()) {
                AncillaryBuffer.size(received, AncillaryBuffer.NO_TRUNCATION_BYTES);
                received.getInputStream().readNBytes(16);
                Descriptors.dropAllWithoutShutdown(Arrays.asList(received.getReceivedFileDescriptors()));
                OfferReader.read(received.getInputStream());
                byte[] ack = FrameWriter.encode(HandoffFrames.ack(HandoffAck.newBuilder().setToken(token.toByteString())
                        .setAccepted(true).setCorrelationId(11).build()));
                Thread trickle = new Thread(() -> {
                    try {
                        for (int i = 0; i < ack.length; i += 4) {
                            received.getOutputStream().write(ack, i, Math.min(4, ack.length - i));
                            Thread.sleep(60);
                        }
                    } catch (IOException | InterruptedException e) {
                        // the broker stopped reading: the trickle ends
                    }
                });
                long start = System.nanoTime();
                long deadline = start + Duration.ofMillis(200).toNanos();
                trickle.start();
                Verdict<AckReceived> got = transport.awaitAck(token, 11, deadline);
                long tookMillis = (System.nanoTime() - start) / 1_000_000;
                trickle.join();
                Rejection rejection = assertInstanceOf(Verdict.Rejected.class, got).rejection();
                if (profile == Profile.V4_6_2) {
                    assertEquals(ReasonCode.IO, rejection.reason(), rejection.toString());
                    assertTrue(tookMillis < 400, "cut off at the deadline, took " + tookMillis + " ms");
                } else {
                    assertEquals(ReasonCode.LATE, rejection.reason(), rejection.toString());
                    assertTrue(tookMillis > 400, "the trickle held the broker past the deadline, took " + tookMillis + " ms");
                }
            }
        }
        connection.assertWorksBothWays();
    }

    @Test
    @DisplayName("ORCH-4 through the broker: a short send falls back at SEND, records that the descriptor may have reached the backend, and leaves the client connection usable")
    void shortSendFallsBack() throws Exception {
        try (AFUNIXSocket handoff = AFUNIXSocket.newInstance()) {
            ScmRightsTransport transport = ScmRightsTransport.over(handoff, connection.brokerDescriptor(), Clock.system(), Profile.V4_6_2,
                    (stream, client, bytes) -> 1);
            BrokerResult result = broker(Duration.ofSeconds(1))
                    .handOff(connection.brokerSide(), transport, request(1), TokenAnnouncement.none());
            BrokerResult.FellBack fellBack = assertInstanceOf(BrokerResult.FellBack.class, result);
            assertAll(
                    () -> assertEquals(HandoffStage.SEND, fellBack.fallback().stage()),
                    () -> assertEquals(FallbackReason.SEND_FAILED, fellBack.fallback().reason()),
                    () -> assertInstanceOf(Unrecoverable.DescriptorMayHaveReachedBackend.class, fellBack.fallback().unrecoverable()));
        }
        connection.assertWorksBothWays();
    }

    @Test
    @DisplayName("ORCH-4 a send that sent nothing, or failed, is a failed send: the descriptor did not travel")
    void nothingSentIsFailed() throws Exception {
        try (AFUNIXSocket handoff = AFUNIXSocket.newInstance()) {
            Token token = Token.random(UnixFixtures.RANDOM);
            SendResult none = ScmRightsTransport.over(handoff, connection.brokerDescriptor(), Clock.system(), Profile.V4_6_2,
                    (stream, client, bytes) -> 0).sendDescriptor(token);
            SendResult thrown = ScmRightsTransport.over(handoff, connection.brokerDescriptor(), Clock.system(), Profile.V4_6_2,
                    (stream, client, bytes) -> { throw new IOException("Broken pipe"); }).sendDescriptor(token);
            assertAll(
                    () -> assertInstanceOf(SendResult.Failed.class, none),
                    () -> assertInstanceOf(SendResult.Failed.class, thrown));
        }
    }

    @Test
    @DisplayName("ORCH-2 no backend listening: a failed send at SEND with nothing left behind; the client connection is untouched")
    void noBackend() throws Exception {
        BrokerResult result = broker(Duration.ofSeconds(1)).handOff(connection.brokerSide(), dir.resolve("nobody.sock"),
                request(1), negotiatedTo(connection.brokerSide()));
        BrokerResult.FellBack fellBack = assertInstanceOf(BrokerResult.FellBack.class, result);
        assertAll(
                () -> assertEquals(HandoffStage.SEND, fellBack.fallback().stage()),
                () -> assertEquals(FallbackReason.SEND_FAILED, fellBack.fallback().reason()),
                () -> assertInstanceOf(Unrecoverable.Nothing.class, fellBack.fallback().unrecoverable()));
        UnixFixtures.readNegotiated(connection.client()); // the token was announced before the dial failed
        connection.assertWorksBothWays();
    }

    /** One sideband send and one offer on {@code transport}, as the orchestrator makes them. */
    private static HandoffOffer sendTokenAndOffer(ScmRightsTransport transport, long correlationId) throws IOException {
        Token token = Token.random(UnixFixtures.RANDOM);
        assertInstanceOf(SendResult.Sent.class, transport.sendDescriptor(token));
        HandoffOffer offer = HandoffOffer.newBuilder().setToken(token.toByteString()).setServiceName("echo").setCorrelationId(correlationId).build();
        transport.writeOffer(offer);
        return offer;
    }
}
