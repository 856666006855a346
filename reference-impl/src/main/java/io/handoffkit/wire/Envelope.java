package io.handoffkit.wire;

import io.handoffkit.proto.v1.Frame;
import io.handoffkit.proto.v1.FrameKind;
import io.handoffkit.proto.v1.PayloadEncoding;
import java.util.Optional;

/**
 * The envelope check shared by the three handoff frames, in its fixed order;
 * the first failure wins (SPEC ENV-1..ENV-5). Raw numeric values are compared
 * so unknown enum values are rejected too.
 */
public final class Envelope {

    public static final int PROTOCOL_VERSION = 1;
    public static final int HANDOFF_PAYLOAD_PROTOCOL = 0xD0FF;

    private Envelope() {}

    public static Optional<Rejection> validate(Frame frame, FrameKind expected) {
        if (frame.getEnvelopeVersion() != PROTOCOL_VERSION) {
            return reject(ReasonCode.ENVELOPE_VERSION, "ENV-1", "envelope_version is not v1");
        }
        if (frame.getKindValue() != expected.getNumber()) {
            return reject(ReasonCode.KIND, "ENV-2", "kind is not " + kindName(expected));
        }
        if (frame.getPayloadProtocol() != HANDOFF_PAYLOAD_PROTOCOL) {
            return reject(ReasonCode.PAYLOAD_PROTOCOL, "ENV-3", "payload_protocol is not handoff");
        }
        if (frame.getPayloadEncodingValue() != PayloadEncoding.PAYLOAD_ENCODING_NONE_VALUE) {
            return reject(ReasonCode.COMPRESSED, "ENV-4", "payload is compressed");
        }
        return Optional.empty();
    }

    /** The spec's name of a kind: REQUEST, RESPONSE, EVENT, CANCEL. */
    public static String kindName(FrameKind kind) {
        return kind.name().substring("FRAME_KIND_".length());
    }

    private static Optional<Rejection> reject(ReasonCode reason, String requirement, String detail) {
        return Optional.of(new Rejection(reason, requirement, detail));
    }
}
