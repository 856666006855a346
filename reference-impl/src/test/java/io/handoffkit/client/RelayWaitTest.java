package io.handoffkit.client;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.handoffkit.proto.v1.FrameKind;
import io.handoffkit.proto.v1.HandoffAck;
import io.handoffkit.time.ManualClock;
import io.handoffkit.token.Token;
import io.handoffkit.wire.FrameWriter;
import io.handoffkit.wire.HandoffFrames;
import io.handoffkit.wire.ReasonCode;
import io.handoffkit.wire.ZeroFirstStream;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.security.SecureRandom;
import java.time.Duration;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The client's bounded relay wait (RELAY-1..RELAY-5): its verdicts and the stream state it reports. */
class RelayWaitTest {

    private static final Token NEGOTIATED = Token.random(new SecureRandom());
    private static final ManualClock CLOCK = new ManualClock();

    private static byte[] relay(HandoffAck ack, long requestId) throws IOException {
        return FrameWriter.encode(HandoffFrames.ready(ack).toBuilder().setRequestId(requestId).build());
    }

    private static HandoffAck ack(Token token, boolean accepted) {
        return HandoffAck.newBuilder().setToken(token.toByteString()).setAccepted(accepted)
                .setErrorDetail(accepted ? "" : "handoff token mismatch").setCorrelationId(77).build();
    }

    private static RelayWait.Outcome await(ByteArrayInputStream in) {
        return RelayWait.await(in, millis -> { }, NEGOTIATED, CLOCK.nanos() + Duration.ofSeconds(2).toNanos(), CLOCK);
    }

    @Test
    @DisplayName("RELAY-1/RELAY-4 a valid relay is adopted whatever its correlation id, and bytes after it stay unread")
    void adopted() throws IOException {
        ByteArrayOutputStream wire = new ByteArrayOutputStream();
        wire.write(relay(ack(NEGOTIATED, true), 123_456));
        wire.write(new byte[] {42, 43});
        ByteArrayInputStream in = new ByteArrayInputStream(wire.toByteArray());
        RelayWait.Outcome.Adopted adopted = assertInstanceOf(RelayWait.Outcome.Adopted.class, await(in));
        assertEquals(ack(NEGOTIATED, true), adopted.ack());
        assertArrayEquals(new byte[] {42, 43}, in.readAllBytes(), "the backend's first bytes follow the relay");
    }

    @Test
    @DisplayName("RELAY-3/RELAY-5 a refused relay means reconnect; the frame was consumed, so the connection is not intact")
    void refused() throws IOException {
        byte[] wire = relay(ack(NEGOTIATED, false), 1);
        RelayWait.Outcome.Reconnect reconnect = assertInstanceOf(RelayWait.Outcome.Reconnect.class, await(new ByteArrayInputStream(wire)));
        assertAll(
                () -> assertEquals(ReasonCode.REFUSED, reconnect.reason().reason()),
                () -> assertEquals(wire.length, reconnect.bytesConsumed()),
                () -> assertFalse(reconnect.connectionIntact()));
    }

    @Test
    @DisplayName("RELAY-5 a bad framing byte means reconnect; every byte taken from the connection counts, so it is not intact")
    void badFramingByte() {
        byte[] wire = {2, 0, 0, 0, 0, 42, 43};
        ByteArrayInputStream in = new ByteArrayInputStream(wire);
        RelayWait.Outcome.Reconnect reconnect = assertInstanceOf(RelayWait.Outcome.Reconnect.class, await(in));
        assertAll(
                () -> assertEquals(ReasonCode.FRAMING_VERSION, reconnect.reason().reason()),
                () -> assertEquals(wire.length - in.available(), reconnect.bytesConsumed(), "bytes taken from the connection"),
                () -> assertFalse(reconnect.connectionIntact()));
    }

    @Test
    @DisplayName("RELAY-2 a relay echoing another token means reconnect")
    void tokenEcho() throws IOException {
        byte[] wire = relay(ack(Token.random(new SecureRandom()), true), 1);
        RelayWait.Outcome.Reconnect reconnect = assertInstanceOf(RelayWait.Outcome.Reconnect.class, await(new ByteArrayInputStream(wire)));
        assertEquals(ReasonCode.TOKEN_ECHO, reconnect.reason().reason());
    }

    @Test
    @DisplayName("RELAY-1 a frame of another kind is not a relay")
    void wrongKind() throws IOException {
        byte[] wire = FrameWriter.encode(HandoffFrames.ready(ack(NEGOTIATED, true)).toBuilder()
                .setKind(FrameKind.FRAME_KIND_RESPONSE).build());
        RelayWait.Outcome.Reconnect reconnect = assertInstanceOf(RelayWait.Outcome.Reconnect.class, await(new ByteArrayInputStream(wire)));
        assertEquals(ReasonCode.KIND, reconnect.reason().reason());
    }

    @Test
    @DisplayName("RELAY-5 the broker closed the connection without a relay: reconnect, nothing consumed")
    void closedWithoutRelay() {
        RelayWait.Outcome.Reconnect reconnect = assertInstanceOf(RelayWait.Outcome.Reconnect.class, await(new ByteArrayInputStream(new byte[0])));
        assertAll(
                () -> assertEquals(ReasonCode.TRUNCATED_FRAMING_BYTE, reconnect.reason().reason()),
                () -> assertTrue(reconnect.connectionIntact()));
    }

    @Test
    @DisplayName("RELAY-5 bytes count even when the connection hands its first byte out singly (a bulk read that returned 0)")
    void singlyReadBytesCount() {
        // a zero byte, which a count of 'positive' reads would miss, and another wrong framing byte
        for (byte framing : new byte[] {0, 2}) {
            RelayWait.Outcome.Reconnect reconnect = assertInstanceOf(RelayWait.Outcome.Reconnect.class,
                    RelayWait.await(new ZeroFirstStream(new byte[] {framing, 0, 0, 0, 0}), millis -> { }, NEGOTIATED,
                            CLOCK.nanos() + Duration.ofSeconds(2).toNanos(), CLOCK));
            assertAll(
                    () -> assertEquals(ReasonCode.FRAMING_VERSION, reconnect.reason().reason()),
                    () -> assertTrue(reconnect.reason().detail().contains("got " + framing), reconnect.reason().detail()),
                    () -> assertEquals(1, reconnect.bytesConsumed()));
        }
    }

    @Test
    @DisplayName("RELAY-5 over a real socket: the relay is adopted and the socket's own read timeout is restored afterwards")
    void socketTimeoutRestored() throws IOException {
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
                Socket client = new Socket(server.getInetAddress(), server.getLocalPort());
                Socket broker = server.accept()) {
            client.setSoTimeout(12_345);
            broker.getOutputStream().write(relay(ack(NEGOTIATED, true), 1));
            assertInstanceOf(RelayWait.Outcome.Adopted.class, RelayWait.await(client, NEGOTIATED));
            assertEquals(12_345, client.getSoTimeout());
        }
    }

    @Test
    @DisplayName("RELAY-5 a Hello connection already closed is reconnect (IO), nothing consumed")
    void closedSocket() throws IOException {
        Socket closed = new Socket();
        closed.close();
        RelayWait.Outcome.Reconnect reconnect = assertInstanceOf(RelayWait.Outcome.Reconnect.class, RelayWait.await(closed, NEGOTIATED));
        assertAll(
                () -> assertEquals(ReasonCode.IO, reconnect.reason().reason()),
                () -> assertEquals(0, reconnect.bytesConsumed()));
    }

    @Test
    @DisplayName("RELAY-5 the default wait is 2 s")
    void defaultWait() {
        assertEquals(Duration.ofSeconds(2), RelayWait.DEFAULT_WAIT);
    }
}
