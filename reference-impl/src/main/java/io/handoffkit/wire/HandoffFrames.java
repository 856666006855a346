package io.handoffkit.wire;

import com.google.protobuf.ByteString;
import io.handoffkit.proto.v1.Frame;
import io.handoffkit.proto.v1.FrameKind;
import io.handoffkit.proto.v1.HandoffAck;
import io.handoffkit.proto.v1.HandoffOffer;

/**
 * Builders for the three handoff frames (SPEC FRAMES-1..FRAMES-3): v1
 * envelope, payload protocol 0xD0FF, no compression, no deadline, no trace
 * context, and request_id = the message's correlation id.
 */
public final class HandoffFrames {

    private HandoffFrames() {}

    /** Broker to backend: kind REQUEST carrying a HandoffOffer. */
    public static Frame offer(HandoffOffer offer) {
        return frame(FrameKind.FRAME_KIND_REQUEST, offer.toByteString(), offer.getCorrelationId());
    }

    /** Backend to broker: kind RESPONSE carrying a HandoffAck. */
    public static Frame ack(HandoffAck ack) {
        return frame(FrameKind.FRAME_KIND_RESPONSE, ack.toByteString(), ack.getCorrelationId());
    }

    /**
     * Broker to client: kind EVENT carrying a HandoffAck the broker builds itself
     * (FRAMES-3), never the backend's bytes.
     */
    public static Frame ready(HandoffAck ack) {
        return frame(FrameKind.FRAME_KIND_EVENT, ack.toByteString(), ack.getCorrelationId());
    }

    /**
     * The relay the broker sends after an accepted, in-time ACK: the negotiated token, accepted,
     * no detail, and the connection id of Negotiated (which is also the offer's correlation id).
     */
    public static Frame readyFor(ByteString negotiatedToken, long connectionId) {
        return ready(HandoffAck.newBuilder()
                .setToken(negotiatedToken)
                .setAccepted(true)
                .setCorrelationId(connectionId)
                .build());
    }

    private static Frame frame(FrameKind kind, ByteString payload, long requestId) {
        return Envelope.frame(kind, Envelope.HANDOFF_PAYLOAD_PROTOCOL, payload, requestId).build();
    }
}
