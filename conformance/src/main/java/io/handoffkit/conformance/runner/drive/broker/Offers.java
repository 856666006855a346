package io.handoffkit.conformance.runner.drive.broker;

import com.google.protobuf.ByteString;
import io.handoffkit.conformance.property.gen.Encodings;
import io.handoffkit.proto.v1.Frame;
import io.handoffkit.proto.v1.HandoffOffer;
import io.handoffkit.wire.HandoffFrames;

/**
 * The offers the cases send, built with the reference's frame builders (FRAMES-1) and, for the
 * bytes no builder writes (unknown fields, invalid UTF-8, broken encodings), with the property
 * core's raw protobuf {@link Encodings}.
 */
public final class Offers {

    /** The service name of the plain offers. */
    public static final String SERVICE = "echo";

    private Offers() {}

    /** An offer for {@code token} with handle 0 and service {@value #SERVICE}. */
    public static HandoffOffer.Builder offer(byte[] token, long correlationId) {
        return HandoffOffer.newBuilder()
                .setHandleValue(0)
                .setToken(ByteString.copyFrom(token))
                .setServiceName(SERVICE)
                .setCorrelationId(correlationId);
    }

    /** The offer frame exactly as FRAMES-1 builds it. */
    public static Frame.Builder frame(HandoffOffer offer) {
        return HandoffFrames.offer(offer).toBuilder();
    }

    /** {@code [1][u32 LE length][Frame]} */
    public static byte[] wire(Frame frame) {
        return wire(frame.toByteArray());
    }

    public static byte[] wire(byte[] body) {
        return Encodings.frameWire(body);
    }

    /** The canonical wire bytes of a valid offer for {@code token}. */
    public static byte[] valid(byte[] token, long correlationId) {
        return wire(frame(offer(token, correlationId).build()).build());
    }

    /** A header claiming {@code length} body bytes (no body). */
    public static byte[] header(long length) {
        return new byte[] {1, (byte) length, (byte) (length >>> 8), (byte) (length >>> 16), (byte) (length >>> 24)};
    }

    public static byte[] concat(byte[]... parts) {
        return Encodings.concat(parts);
    }

    /** A length-delimited field. */
    public static byte[] bytesField(int number, byte[] value) {
        return Encodings.bytesField(number, value);
    }

    /** A varint field holding the full 64-bit value. */
    public static byte[] varintField(int number, long value) {
        return Encodings.varintField(number, value);
    }

    /** A group field holding {@code content}. */
    public static byte[] groupField(int number, byte[] content) {
        return Encodings.groupField(number, content);
    }
}
