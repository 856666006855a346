package io.handoffkit.wire;

import com.google.protobuf.ByteString;
import io.handoffkit.proto.v1.Frame;
import io.handoffkit.proto.v1.FrameKind;
import io.handoffkit.proto.v1.PayloadEncoding;
import java.util.Optional;

/**
 * The envelope check shared by the three handoff frames, in its fixed order;
 * the first failure wins (SPEC ENV-1..ENV-5); the same check serves the
 * control plane's Hello and reply under their payload protocol. Raw numeric values are compared
 * so unknown enum values are rejected too.
 */
public final class Envelope {

    public static final int PROTOCOL_VERSION = 1;
    public static final int HANDOFF_PAYLOAD_PROTOCOL = 0xD0FF;
    /** The control plane: a client's Hello and the broker's reply (HELLO-1, NEG-1). */
    public static final int CONTROL_PAYLOAD_PROTOCOL = 0x0000;

    private Envelope() {}

    /** The check of a handoff frame (payload protocol 0xD0FF). */
    public static Optional<Rejection> validate(Frame frame, FrameKind expected) {
        return validate(frame, expected, HANDOFF_PAYLOAD_PROTOCOL, "handoff");
    }

    /**
     * The same check, in the same order, for a control-plane frame (payload protocol 0x0000: a
     * Hello or its reply). The rejections cite ENV-1..ENV-4; the broker answers them with its own
     * verdict (HELLO-6).
     */
    public static Optional<Rejection> validateControl(Frame frame, FrameKind expected) {
        return validate(frame, expected, CONTROL_PAYLOAD_PROTOCOL, "control-plane");
    }

    private static Optional<Rejection> validate(Frame frame, FrameKind expected, int payloadProtocol, String protocolName) {
        if (frame.getEnvelopeVersion() != PROTOCOL_VERSION) {
            return reject(ReasonCode.ENVELOPE_VERSION, "ENV-1", "envelope_version is not v1");
        }
        if (frame.getKindValue() != expected.getNumber()) {
            return reject(ReasonCode.KIND, "ENV-2", "kind is not " + kindName(expected));
        }
        if (frame.getPayloadProtocol() != payloadProtocol) {
            return reject(ReasonCode.PAYLOAD_PROTOCOL, "ENV-3", "payload_protocol is not " + protocolName);
        }
        if (frame.getPayloadEncodingValue() != PayloadEncoding.PAYLOAD_ENCODING_NONE_VALUE) {
            return reject(ReasonCode.COMPRESSED, "ENV-4", "payload is compressed");
        }
        return Optional.empty();
    }

    /**
     * A v1 frame of {@code kind} under {@code payloadProtocol}: no compression, no deadline, no
     * trace context (FRAMES-4, NEG-1), ready for the caller's last touches.
     */
    public static Frame.Builder frame(FrameKind kind, int payloadProtocol, ByteString payload, long requestId) {
        return Frame.newBuilder()
                .setEnvelopeVersion(PROTOCOL_VERSION)
                .setKind(kind)
                .setPayloadProtocol(payloadProtocol)
                .setPayload(payload)
                .setRequestId(requestId)
                .setPayloadEncoding(PayloadEncoding.PAYLOAD_ENCODING_NONE);
    }

    /** The spec's name of a kind: REQUEST, RESPONSE, EVENT, CANCEL. */
    public static String kindName(FrameKind kind) {
        return kind.name().substring("FRAME_KIND_".length());
    }

    private static Optional<Rejection> reject(ReasonCode reason, String requirement, String detail) {
        return Optional.of(new Rejection(reason, requirement, detail));
    }
}
