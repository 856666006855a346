package io.handoffkit.conformance.runner.suite.client;

import com.google.protobuf.InvalidProtocolBufferException;
import io.handoffkit.conformance.runner.drive.brokerbackend.Session.Relay;
import io.handoffkit.proto.v1.Frame;
import io.handoffkit.proto.v1.HandoffAck;
import io.handoffkit.proto.v1.Negotiated;
import io.handoffkit.wire.Framing;
import io.handoffkit.wire.HandoffFrames;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.function.UnaryOperator;

/**
 * What the runner as broker writes on the Hello connection after a handoff: the canonical relay
 * (FRAMES-3) for the {@code Negotiated} it sent, and one of every defect class.
 */
final class Relays {

    private Relays() {}

    /** The relay a correct broker writes: the negotiated token, accepted, correlation = connection_id. */
    static byte[] canonical(Negotiated n) {
        return framed(HandoffFrames.readyFor(n.getHandlePassedToken(), n.getConnectionId()).toByteArray());
    }

    static Relay valid() {
        return Relay.after("the canonical relay", Relays::canonical);
    }

    /** A relay whose HandoffAck is changed by {@code change} (frame request_id = the payload's correlation id). */
    static Relay payload(String what, UnaryOperator<HandoffAck.Builder> change) {
        return Relay.after(what, n -> {
            HandoffAck ack = change.apply(HandoffAck.newBuilder().setToken(n.getHandlePassedToken()).setAccepted(true)
                    .setCorrelationId(n.getConnectionId())).build();
            return framed(HandoffFrames.ready(ack).toByteArray());
        });
    }

    /** A relay whose frame is changed by {@code change}. */
    static Relay frame(String what, UnaryOperator<Frame.Builder> change) {
        return Relay.after(what, n -> framed(change.apply(HandoffFrames.readyFor(n.getHandlePassedToken(), n.getConnectionId()).toBuilder())
                .build().toByteArray()));
    }

    /** The canonical relay's bytes changed by {@code change}. */
    static Relay bytes(String what, UnaryOperator<byte[]> change) {
        return Relay.after(what, n -> change.apply(canonical(n)));
    }

    /** The canonical relay with an unknown field (number 15, reserved in {@code Frame}) appended to the frame: still valid (DEC-3). */
    static Relay withUnknownField() {
        return Relay.after("a relay with an unknown field 15 in the frame", n -> {
            byte[] w = canonical(n);
            byte[] body = Arrays.copyOf(Arrays.copyOfRange(w, Framing.HEADER_LENGTH, w.length), w.length - Framing.HEADER_LENGTH + 2);
            body[body.length - 2] = 0x78; // field 15, varint
            body[body.length - 1] = 0x01;
            return framed(body);
        });
    }

    /** {@code body} with the frame header: framing byte 1, u32 little-endian length. */
    static byte[] framed(byte[] body) {
        return ByteBuffer.allocate(Framing.HEADER_LENGTH + body.length).order(ByteOrder.LITTLE_ENDIAN)
                .put((byte) Framing.FRAMING_VERSION).putInt(body.length).put(body).array();
    }

    /** A header claiming {@code length} bytes, and no body. */
    static byte[] header(long length) {
        return ByteBuffer.allocate(Framing.HEADER_LENGTH).order(ByteOrder.LITTLE_ENDIAN).put((byte) Framing.FRAMING_VERSION)
                .putInt((int) length).array();
    }

    /** The first {@code keep} bytes. */
    static byte[] cut(byte[] wire, int keep) {
        return Arrays.copyOf(wire, Math.max(0, Math.min(keep, wire.length)));
    }

    /** A reply frame's bytes with its frame changed (a broken HelloReply, CLIENT-2). */
    static byte[] reframed(byte[] wire, UnaryOperator<Frame.Builder> change) {
        try {
            Frame f = Frame.parseFrom(Arrays.copyOfRange(wire, Framing.HEADER_LENGTH, wire.length));
            return framed(change.apply(f.toBuilder()).build().toByteArray());
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalStateException("the runner's own reply does not decode", e);
        }
    }
}
