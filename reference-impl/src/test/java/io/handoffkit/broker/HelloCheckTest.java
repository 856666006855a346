package io.handoffkit.broker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import io.handoffkit.client.ClientHello;
import io.handoffkit.proto.v1.ErrorCode;
import io.handoffkit.proto.v1.Frame;
import io.handoffkit.proto.v1.FrameKind;
import io.handoffkit.proto.v1.Hello;
import io.handoffkit.proto.v1.PayloadEncoding;
import io.handoffkit.wire.ControlFrames;
import io.handoffkit.wire.FrameWriter;
import io.handoffkit.wire.Framing;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The broker's check of a Hello, byte for byte (SPEC HELLO-1..HELLO-11). */
@DisplayName("Hello check (HELLO)")
class HelloCheckTest {

    private static final String SERVICE = "echo";
    private static final long PEER = 4242;
    private static final Hello GOOD = ClientHello.of(SERVICE, "1.0.0", true).toBuilder().setPeerPid((int) PEER).build();

    private static HelloVerdict judge(byte[] wire) {
        return HelloCheck.read(new ByteArrayInputStream(wire), SERVICE, PEER);
    }

    private static byte[] wire(Frame frame) throws IOException {
        return FrameWriter.encode(frame);
    }

    private static byte[] wire(Hello hello) throws IOException {
        return wire(ControlFrames.hello(hello, 9));
    }

    private static void assertRefused(ErrorCode code, String requirement, HelloVerdict verdict) {
        HelloVerdict.Refused refused = assertInstanceOf(HelloVerdict.Refused.class, verdict, verdict.toString());
        assertEquals(code, refused.refusal().code(), refused.refusal().toString());
        assertEquals(requirement, refused.refusal().requirement(), refused.refusal().toString());
    }

    @Test
    @DisplayName("HELLO-1 HELLO-2 HELLO-3 upstream's client's Hello, with an unknown field appended, is accepted")
    void goodHello() throws IOException {
        Frame frame = ControlFrames.hello(GOOD, 9).toBuilder()
                .setPayload(GOOD.toByteString().concat(ByteString.copyFrom(new byte[] {(byte) 0xF0, 0x01, 0x05}))).build();
        HelloVerdict.Accepted accepted = assertInstanceOf(HelloVerdict.Accepted.class, judge(wire(frame)));
        assertTrue(HelloNegotiation.asksForHandlePassing(accepted.hello()));
        assertEquals(9, accepted.frame().getRequestId());
    }

    static Stream<Named<Object[]>> refusals() throws IOException {
        byte[] good = wire(GOOD);
        byte[] framingByte = good.clone();
        framingByte[0] = 0;
        byte[] oversized = {1, 0x01, 0x00, 0x01, 0x00};
        Frame frame = ControlFrames.hello(GOOD, 9);
        return Stream.of(
                refusal("HELLO-4 framing byte 0", framingByte, ErrorCode.ERROR_VERSION_UNSUPPORTED, "HELLO-4"),
                refusal("HELLO-4 an empty stream", new byte[0], ErrorCode.ERROR_PEER_REJECTED, "HELLO-4"),
                refusal("HELLO-4 inside the length", Arrays.copyOf(good, 3), ErrorCode.ERROR_PEER_REJECTED, "HELLO-4"),
                refusal("HELLO-4 inside the body", Arrays.copyOf(good, good.length - 1), ErrorCode.ERROR_PEER_REJECTED, "HELLO-4"),
                refusal("HELLO-4 a body that is no Frame", new byte[] {1, 1, 0, 0, 0, 0x0F}, ErrorCode.ERROR_PEER_REJECTED, "HELLO-4"),
                refusal("HELLO-5 a length of 64 KiB + 1", oversized, ErrorCode.ERROR_PEER_REJECTED, "HELLO-5"),
                refusal("HELLO-6 envelope_version 2", wire(frame.toBuilder().setEnvelopeVersion(2).build()), ErrorCode.ERROR_VERSION_UNSUPPORTED, "HELLO-6"),
                refusal("HELLO-6 kind EVENT", wire(frame.toBuilder().setKind(FrameKind.FRAME_KIND_EVENT).build()), ErrorCode.ERROR_PEER_REJECTED, "HELLO-6"),
                refusal("HELLO-6 payload protocol 0xAD01", wire(frame.toBuilder().setPayloadProtocol(0xAD01).build()), ErrorCode.ERROR_PEER_REJECTED, "HELLO-6"),
                refusal("HELLO-6 compressed", wire(frame.toBuilder().setPayloadEncoding(PayloadEncoding.PAYLOAD_ENCODING_ZSTD).build()), ErrorCode.ERROR_PEER_REJECTED, "HELLO-6"),
                refusal("HELLO-6 kind before payload protocol", wire(frame.toBuilder().setKind(FrameKind.FRAME_KIND_CANCEL).setPayloadProtocol(1).build()), ErrorCode.ERROR_PEER_REJECTED, "HELLO-6"),
                refusal("HELLO-7 a payload that is no Hello", wire(frame.toBuilder().setPayload(ByteString.copyFrom(new byte[] {0x1A, 0x05})).build()), ErrorCode.ERROR_PEER_REJECTED, "HELLO-7"),
                refusal("HELLO-8 protocols 2..3", wire(GOOD.toBuilder().setClientMinProtocol(2).setClientMaxProtocol(3).build()), ErrorCode.ERROR_VERSION_UNSUPPORTED, "HELLO-8"),
                refusal("HELLO-8 protocols 0..0", wire(GOOD.toBuilder().setClientMinProtocol(0).setClientMaxProtocol(0).build()), ErrorCode.ERROR_VERSION_UNSUPPORTED, "HELLO-8"),
                refusal("HELLO-9 an upper-case service name", wire(GOOD.toBuilder().setServiceName("Echo").build()), ErrorCode.ERROR_PEER_REJECTED, "HELLO-9"),
                refusal("HELLO-9 an empty service name", wire(GOOD.toBuilder().setServiceName("").build()), ErrorCode.ERROR_PEER_REJECTED, "HELLO-9"),
                refusal("HELLO-9 a 65-character service name", wire(GOOD.toBuilder().setServiceName("a".repeat(65)).build()), ErrorCode.ERROR_PEER_REJECTED, "HELLO-9"),
                refusal("HELLO-9 wanted_version v1.0.0", wire(GOOD.toBuilder().setWantedVersion("v1.0.0").build()), ErrorCode.ERROR_PEER_REJECTED, "HELLO-9"),
                refusal("HELLO-9 an empty wanted_version", wire(GOOD.toBuilder().setWantedVersion("").build()), ErrorCode.ERROR_PEER_REJECTED, "HELLO-9"),
                refusal("HELLO-9 wanted_version of 65 bytes", wire(GOOD.toBuilder().setWantedVersion("1.0.0-" + "a".repeat(59)).build()), ErrorCode.ERROR_PEER_REJECTED, "HELLO-9"),
                refusal("HELLO-9 client_version of 129 bytes", wire(GOOD.toBuilder().setClientVersion("x".repeat(129)).build()), ErrorCode.ERROR_PEER_REJECTED, "HELLO-9"),
                refusal("HELLO-9 client_lib_version of 65 bytes", wire(GOOD.toBuilder().setClientLibVersion("é".repeat(33)).build()), ErrorCode.ERROR_PEER_REJECTED, "HELLO-9"),
                refusal("HELLO-9 another peer_pid", wire(GOOD.toBuilder().setPeerPid((int) PEER + 1).build()), ErrorCode.ERROR_PEER_REJECTED, "HELLO-9"),
                refusal("HELLO-10 another service", wire(GOOD.toBuilder().setServiceName("other").build()), ErrorCode.ERROR_SERVICE_UNKNOWN, "HELLO-10"),
                refusal("HELLO-11 framing before the envelope", framingByteOf(wire(frame.toBuilder().setEnvelopeVersion(0).build())), ErrorCode.ERROR_VERSION_UNSUPPORTED, "HELLO-4"),
                refusal("HELLO-11 the envelope before the payload", wire(frame.toBuilder().setKind(FrameKind.FRAME_KIND_RESPONSE).setPayload(ByteString.copyFrom(new byte[] {0x07})).build()), ErrorCode.ERROR_PEER_REJECTED, "HELLO-6"),
                refusal("HELLO-11 the payload before the fields", wire(frame.toBuilder().setPayload(GOOD.toBuilder().setServiceName("X").build().toByteString().concat(ByteString.copyFrom(new byte[] {0x07}))).build()), ErrorCode.ERROR_PEER_REJECTED, "HELLO-7"));
    }

    private static byte[] framingByteOf(byte[] wire) {
        wire[0] = 7;
        return wire;
    }

    private static Named<Object[]> refusal(String name, byte[] wire, ErrorCode code, String requirement) {
        return Named.of(name, new Object[] {wire, code, requirement});
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refusals")
    @DisplayName("HELLO-4..HELLO-11 each defect is refused with its code, cited by its requirement")
    void refused(Object[] wireCodeRequirement) {
        assertRefused((ErrorCode) wireCodeRequirement[1], (String) wireCodeRequirement[2], judge((byte[]) wireCodeRequirement[0]));
    }

    @Test
    @DisplayName("HELLO-5 a Hello of exactly 64 KiB is within the cap")
    void exactlyTheCap() throws IOException {
        Frame frame = ControlFrames.hello(GOOD, 9);
        int padding = Framing.MAX_HELLO_FRAME_BYTES - frame.getSerializedSize() - 4; // field 15 of Frame: tag 0x7A, 3-byte length
        Frame padded = Frame.parseFrom(frame.toByteString().concat(ByteString.copyFrom(new byte[] {0x7A,
                (byte) (0x80 | padding & 0x7F), (byte) (0x80 | padding >>> 7 & 0x7F), (byte) (padding >>> 14)}))
                .concat(ByteString.copyFrom(new byte[padding])));
        assertEquals(Framing.MAX_HELLO_FRAME_BYTES, padded.getSerializedSize());
        assertInstanceOf(HelloVerdict.Accepted.class, judge(wire(padded)));
    }

    @Test
    @DisplayName("HELLO-9 a peer_pid of 0, or a peer the kernel names no pid for, is not compared")
    void unknownPids() throws IOException {
        assertInstanceOf(HelloVerdict.Accepted.class, judge(wire(GOOD.toBuilder().setPeerPid(0).build())));
        assertInstanceOf(HelloVerdict.Accepted.class, HelloCheck.read(new ByteArrayInputStream(wire(GOOD)), SERVICE, 0));
    }

    @Test
    @DisplayName("HELLO-4 NEG-1 a refusal before the Hello decoded has no frame to echo; one after it has")
    void refusalFrames() throws IOException {
        HelloVerdict.Refused early = assertInstanceOf(HelloVerdict.Refused.class, judge(new byte[] {9}));
        assertEquals(Optional.empty(), early.frame());
        HelloVerdict.Refused late = assertInstanceOf(HelloVerdict.Refused.class, judge(wire(GOOD.toBuilder().setServiceName("other").build())));
        assertEquals(9, late.frame().orElseThrow().getRequestId());
    }
}
