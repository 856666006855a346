package io.handoffkit.conformance.runner.suite.broker;

import com.google.protobuf.ByteString;
import io.handoffkit.conformance.runner.drive.clientbackend.Offered;
import io.handoffkit.conformance.runner.drive.clientbackend.Reply;
import io.handoffkit.proto.v1.Frame;
import io.handoffkit.proto.v1.HandoffAck;
import io.handoffkit.proto.v1.HandoffOffer;
import io.handoffkit.wire.HandoffFrames;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.function.Function;
import java.util.function.UnaryOperator;

/**
 * The answers of the runner as the backend: a valid ACK (FRAMES-2) for the offer it read, and one
 * of every defect class. Each takes what was offered and gives the bytes to write.
 */
public final class Acks {

    private Acks() {}

    /** The ACK a correct backend writes: the offered token echoed, accepted, the offer's correlation id. */
    public static HandoffAck ack(Offered o) {
        HandoffOffer offer = o.offer().orElse(HandoffOffer.getDefaultInstance());
        ByteString token = offer.getToken().isEmpty() ? ByteString.copyFrom(o.sideband()) : offer.getToken();
        long correlation = o.offer().isPresent() ? offer.getCorrelationId() : o.connectionId();
        return HandoffAck.newBuilder().setToken(token).setAccepted(true).setCorrelationId(correlation).build();
    }

    /** The valid ACK, encoded. */
    public static byte[] validBytes(Offered o) {
        return Hellos.frame(HandoffFrames.ack(ack(o)));
    }

    public static Function<Offered, Reply> valid() {
        return o -> Reply.of(validBytes(o), "a valid, accepted ACK");
    }

    /** An ACK whose payload is changed by {@code change} (the frame's request_id stays the offer's correlation id). */
    public static Function<Offered, Reply> payload(String what, UnaryOperator<HandoffAck.Builder> change) {
        return o -> {
            HandoffAck good = ack(o);
            Frame f = HandoffFrames.ack(change.apply(good.toBuilder()).build()).toBuilder().setRequestId(good.getCorrelationId()).build();
            return Reply.of(Hellos.frame(f), what);
        };
    }

    /** An ACK whose frame is changed by {@code change}. */
    public static Function<Offered, Reply> frame(String what, UnaryOperator<Frame.Builder> change) {
        return o -> Reply.of(Hellos.frame(change.apply(HandoffFrames.ack(ack(o)).toBuilder()).build()), what);
    }

    /** The valid ACK's bytes changed by {@code change}. */
    public static Function<Offered, Reply> bytes(String what, UnaryOperator<byte[]> change) {
        return o -> Reply.of(change.apply(validBytes(o)), what);
    }

    public static Function<Offered, Reply> framingByte(int b) {
        return bytes("an ACK with framing byte " + b, w -> {
            w[0] = (byte) b;
            return w;
        });
    }

    /** A header claiming 16 MiB + 1, then end of stream. */
    public static Function<Offered, Reply> oversize() {
        return o -> Reply.of(ByteBuffer.allocate(5).order(ByteOrder.LITTLE_ENDIAN).put((byte) 1).putInt(16 * 1024 * 1024 + 1).array(),
                "a header claiming 16 MiB + 1 bytes").thenHangUp();
    }

    /** The valid ACK without its last {@code missing} bytes, then end of stream. */
    public static Function<Offered, Reply> truncated(int missing) {
        return o -> {
            byte[] w = validBytes(o);
            return Reply.of(Arrays.copyOf(w, w.length - missing), "an ACK without its last " + missing + " bytes").thenHangUp();
        };
    }

    /** A frame whose body is not a protobuf Frame. */
    public static Function<Offered, Reply> undecodableFrame() {
        return o -> Reply.of(Hellos.framed(new byte[] {(byte) 0xFF, (byte) 0xFF}), "a frame whose body is not a Frame (wire type 7)");
    }

    public static Function<Offered, Reply> undecodablePayload() {
        return frame("an ACK frame whose payload is not a HandoffAck", f -> f.setPayload(ByteString.copyFrom(new byte[] {(byte) 0xFF, (byte) 0xFF})));
    }

    /** The valid ACK followed by bytes that are no frame. */
    public static Function<Offered, Reply> garbageAfter() {
        return o -> {
            byte[] w = validBytes(o);
            byte[] out = Arrays.copyOf(w, w.length + 7);
            Arrays.fill(out, w.length, out.length, (byte) 0xEE);
            return Reply.of(out, "a valid ACK followed by 7 bytes of garbage");
        };
    }

    /** The valid ACK with unknown fields in the payload (DEC-3: still valid). */
    public static Function<Offered, Reply> unknownFields() {
        return o -> {
            HandoffAck a = ack(o);
            ByteString payload = a.toByteString().concat(ByteString.copyFrom(new byte[] {(byte) 0x3A, 3, 'x', 'y', 'z'})); // field 7, bytes
            return Reply.of(Hellos.frame(HandoffFrames.ack(a).toBuilder().setPayload(payload).build()), "a valid ACK with an unknown field 7");
        };
    }

    /** Flip the last byte of a token (never empty here: a 16-byte token). */
    static ByteString flipped(ByteString token) {
        byte[] t = token.isEmpty() ? new byte[16] : token.toByteArray();
        t[t.length - 1] ^= 0x5A;
        return ByteString.copyFrom(t);
    }
}
