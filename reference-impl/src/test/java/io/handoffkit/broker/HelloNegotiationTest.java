package io.handoffkit.broker;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.handoffkit.client.ClientHello;
import io.handoffkit.client.HelloReplyCheck;
import io.handoffkit.proto.v1.ErrorCode;
import io.handoffkit.proto.v1.Frame;
import io.handoffkit.proto.v1.FrameKind;
import io.handoffkit.proto.v1.Hello;
import io.handoffkit.proto.v1.HelloReply;
import io.handoffkit.proto.v1.Negotiated;
import io.handoffkit.proto.v1.Refused;
import io.handoffkit.token.Token;
import io.handoffkit.wire.ControlFrames;
import io.handoffkit.wire.Envelope;
import io.handoffkit.wire.FrameWriter;
import io.handoffkit.wire.Verdict;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The broker's answers to a Hello (SPEC NEG-1..NEG-3, HELLO-12). */
@DisplayName("Negotiation (NEG)")
class HelloNegotiationTest {

    private static final Hello ASKS = ClientHello.of("echo", "1.0.0", true);
    private static final Hello DOES_NOT_ASK = ClientHello.of("echo", "1.0.0", false);
    private static final Token TOKEN = Token.random(new SecureRandom());

    @Test
    @DisplayName("NEG-2 NEG-3 with a token: protocol 1, the backend pipe, the token, bit 0, the connection id, the client's keepalive or 1800 s")
    void withToken() {
        Negotiated n = HelloNegotiation.negotiated(ASKS.toBuilder().setClientKeepaliveSecs(60).build(), 7, "/run/b.sock", Optional.of(TOKEN));
        assertAll(
                () -> assertEquals(1, n.getNegotiatedProtocol()),
                () -> assertEquals("/run/b.sock", n.getBackendPipe()),
                () -> assertEquals(TOKEN.toByteString(), n.getHandlePassedToken()),
                () -> assertEquals(HelloNegotiation.HANDLE_PASSING, n.getServerCapabilities()),
                () -> assertEquals(7, n.getConnectionId()),
                () -> assertEquals(60, n.getKeepaliveIntervalSecs()),
                () -> assertEquals(1800, HelloNegotiation.negotiated(ASKS, 1, "p", Optional.empty()).getKeepaliveIntervalSecs()));
    }

    @Test
    @DisplayName("NEG-3 without a token neither token nor bit 0; a token for a Hello without bit 0, or an empty backend pipe (NEG-2), is a programming error")
    void withoutToken() {
        Negotiated n = HelloNegotiation.negotiated(ASKS, 3, "p", Optional.empty());
        assertTrue(n.getHandlePassedToken().isEmpty());
        assertEquals(0, n.getServerCapabilities());
        assertThrows(IllegalArgumentException.class, () -> HelloNegotiation.negotiated(DOES_NOT_ASK, 3, "p", Optional.of(TOKEN)));
        assertThrows(IllegalArgumentException.class, () -> HelloNegotiation.negotiated(ASKS, 3, "", Optional.empty()));
    }

    @Test
    @DisplayName("NEG-1 the reply frame: RESPONSE on the control plane, echoing the Hello frame's request id and trace context; the client reads it")
    void replyFrame() {
        Frame hello = ControlFrames.hello(ASKS, 77).toBuilder().setTraceparent("00-abc-def-01").setTracestate("k=v").build();
        Frame reply = HelloNegotiation.reply(HelloNegotiation.negotiated(ASKS, 1, "p", Optional.of(TOKEN)), hello);
        assertAll(
                () -> assertEquals(Optional.empty(), Envelope.validateControl(reply, FrameKind.FRAME_KIND_RESPONSE)),
                () -> assertEquals(77, reply.getRequestId()),
                () -> assertEquals("00-abc-def-01", reply.getTraceparent()),
                () -> assertEquals("k=v", reply.getTracestate()),
                () -> assertEquals(0, reply.getDeadlineUnixMs()),
                () -> assertTrue(((Verdict.Accepted<HelloReply>) HelloReplyCheck.check(reply)).value().hasNegotiated()));
    }

    @Test
    @DisplayName("HELLO-12 NEG-1 Refused: the code, a reason, protocol range 1..1, no retry hint; before the Hello decoded, request id 0")
    void refused() {
        HelloRefusal refusal = new HelloRefusal(ErrorCode.ERROR_SERVICE_UNKNOWN, "HELLO-10", "not here");
        Frame reply = HelloNegotiation.reply(new HelloVerdict.Refused(refusal, Optional.empty()));
        Refused r = ((Verdict.Accepted<HelloReply>) HelloReplyCheck.check(reply)).value().getRefused();
        assertAll(
                () -> assertEquals(ErrorCode.ERROR_SERVICE_UNKNOWN, r.getCode()),
                () -> assertEquals("not here", r.getReason()),
                () -> assertEquals(1, r.getDaemonMinProtocol()),
                () -> assertEquals(1, r.getDaemonMaxProtocol()),
                () -> assertEquals(0, r.getRetryAfterMs()),
                () -> assertEquals(0, reply.getRequestId()));
        assertThrows(IllegalArgumentException.class, () -> new HelloRefusal(ErrorCode.ERROR_PEER_REJECTED, "HELLO-9", ""));
        assertEquals("ERROR_SERVICE_UNKNOWN (HELLO-10): not here", refusal.toString(), "what the broker logs names code, requirement and reason");
    }

    @Test
    @DisplayName("NEG-1 the client reads a reply off its connection as one frame, and nothing after it")
    void replyReadFromTheConnection() throws IOException {
        Frame reply = HelloNegotiation.reply(new HelloVerdict.Refused(
                new HelloRefusal(ErrorCode.ERROR_SERVICE_UNKNOWN, "HELLO-10", "not here"), Optional.empty()));
        ByteArrayInputStream in = new ByteArrayInputStream(concat(FrameWriter.encode(reply), new byte[] {42}));
        Verdict.Accepted<HelloReply> read = assertInstanceOf(Verdict.Accepted.class, HelloReplyCheck.read(in));
        assertEquals(ErrorCode.ERROR_SERVICE_UNKNOWN, read.value().getRefused().getCode());
        assertEquals(42, in.read(), "the byte after the reply is left for whoever reads next");
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    @Test
    @DisplayName("NEG-1 a reply in another envelope (kind EVENT, or the handoff payload protocol) is rejected by the envelope check, never read as a reply")
    void replyInAnotherEnvelope() {
        Frame reply = HelloNegotiation.reply(new HelloVerdict.Refused(
                new HelloRefusal(ErrorCode.ERROR_SERVICE_UNKNOWN, "HELLO-10", "not here"), Optional.empty()));
        Frame event = reply.toBuilder().setKind(FrameKind.FRAME_KIND_EVENT).build();
        Frame handoff = reply.toBuilder().setPayloadProtocol(Envelope.HANDOFF_PAYLOAD_PROTOCOL).build();
        assertAll(
                () -> assertEquals("ENV-2", ((Verdict.Rejected<HelloReply>) HelloReplyCheck.check(event)).rejection().requirement()),
                () -> assertEquals("ENV-3", ((Verdict.Rejected<HelloReply>) HelloReplyCheck.check(handoff)).rejection().requirement()));
    }
}
