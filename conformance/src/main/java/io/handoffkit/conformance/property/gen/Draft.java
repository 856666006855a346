package io.handoffkit.conformance.property.gen;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import io.handoffkit.conformance.verdict.Role;
import io.handoffkit.conformance.verdict.RoleInputs;
import io.handoffkit.conformance.verdict.TokenState;
import io.handoffkit.proto.v1.Frame;
import io.handoffkit.proto.v1.HandoffAck;
import io.handoffkit.proto.v1.HandoffOffer;
import io.handoffkit.token.Token;
import io.handoffkit.wire.Framing;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/**
 * One exchange as the reading role will see it, still editable: the framing
 * header, the envelope, the payload message and what the role knows besides
 * the bytes. Defects edit a draft through the protobuf builders where the
 * defect is representable and through recorded byte-level edits (corruption,
 * length, truncation) where it is not; {@link #wire()} assembles the bytes.
 */
public final class Draft {

    /** HandoffOffer.service_name and HandoffAck.error_detail: both field 3, both strings. */
    static final int PAYLOAD_STRING_FIELD = 3;
    /** Frame.traceparent. */
    static final int FRAME_STRING_FIELD = 8;

    private final Role role;
    final Frame.Builder frame;
    final HandoffOffer.Builder offer;
    final HandoffAck.Builder ack;
    int framingByte = Framing.FRAMING_VERSION;
    OptionalLong lengthOverride = OptionalLong.empty();
    Optional<Truncation> truncation = Optional.empty();
    Optional<Corruption> bodyCorruption = Optional.empty();
    Optional<Corruption> payloadCorruption = Optional.empty();
    /** backend: the expected token; broker: the offered token; client: the negotiated token */
    final Token token;
    /** broker: the offer's correlation id (unused by the other roles) */
    final long correlationId;
    TokenState tokenState = TokenState.PENDING;
    boolean deadlinePassed;
    private final Set<String> traits = new LinkedHashSet<>();

    Draft(Role role, Frame.Builder frame, HandoffOffer.Builder offer, HandoffAck.Builder ack, Token token, long correlationId) {
        this.role = role;
        this.frame = frame;
        this.offer = offer;
        this.ack = ack;
        this.token = token;
        this.correlationId = correlationId;
    }

    /** Where a truncation cuts, decided when the defect is applied; resolved against the final bytes. */
    record Truncation(Part part, int raw) {
        enum Part { FRAMING_BYTE, LENGTH, BODY }

        int cut(int bodyLength) {
            return switch (part) {
                case FRAMING_BYTE -> 0;
                case LENGTH -> 1 + raw % 4;
                case BODY -> {
                    if (bodyLength == 0) {
                        throw new IllegalStateException("generator bug: cannot truncate an empty body");
                    }
                    yield Framing.HEADER_LENGTH + raw % bodyLength;
                }
            };
        }
    }

    public Role role() {
        return role;
    }

    public Token token() {
        return token;
    }

    public long correlationId() {
        return correlationId;
    }

    /** What the generator chose (edge values, string classes), for coverage labels. */
    public Set<String> traits() {
        return Set.copyOf(traits);
    }

    void trait(String trait) {
        traits.add(trait);
    }

    /** The payload message as it is now (before any byte-level corruption). */
    public HandoffOffer offer() {
        return offer.build();
    }

    public HandoffAck ack() {
        return ack.build();
    }

    /** The payload bytes: the role's message, corrupted when a defect says so (checked to be undecodable). */
    public byte[] payload() {
        byte[] p = role == Role.BACKEND_OFFER ? offer.build().toByteArray() : ack.build().toByteArray();
        if (payloadCorruption.isEmpty()) {
            return p;
        }
        byte[] bad = payloadCorruption.get().apply(p, PAYLOAD_STRING_FIELD);
        try {
            if (role == Role.BACKEND_OFFER) {
                HandoffOffer.parseFrom(bad);
            } else {
                HandoffAck.parseFrom(bad);
            }
        } catch (InvalidProtocolBufferException expected) {
            return bad;
        }
        throw new IllegalStateException("generator bug: corruption " + payloadCorruption.get() + " still decodes");
    }

    /** The Frame as encoded now, payload included (before any byte-level corruption). */
    public Frame frame() {
        return frame.clone().setPayload(ByteString.copyFrom(payload())).build();
    }

    /** The frame body: the encoded Frame, corrupted when a defect says so (checked to be undecodable). */
    public byte[] body() {
        byte[] b = frame().toByteArray();
        if (bodyCorruption.isEmpty()) {
            return b;
        }
        byte[] bad = bodyCorruption.get().apply(b, FRAME_STRING_FIELD);
        try {
            Frame.parseFrom(bad);
        } catch (InvalidProtocolBufferException expected) {
            return bad;
        }
        throw new IllegalStateException("generator bug: corruption " + bodyCorruption.get() + " still decodes");
    }

    /** The bytes on the wire: framing byte, u32 little-endian length, body; then any truncation. */
    public byte[] wire() {
        byte[] body = body();
        long length = lengthOverride.orElse(body.length);
        byte[] wire = new byte[Framing.HEADER_LENGTH + body.length];
        wire[0] = (byte) framingByte;
        for (int i = 0; i < 4; i++) {
            wire[1 + i] = (byte) (length >>> (8 * i));
        }
        System.arraycopy(body, 0, wire, Framing.HEADER_LENGTH, body.length);
        return truncation.map(t -> Arrays.copyOf(wire, t.cut(body.length))).orElse(wire);
    }

    /** The bytes and inputs, for a counterexample report. */
    public String describe() {
        return "role: " + role
                + "\nwire (" + wire().length + " bytes): " + DefectCase.clip(HexFormat.of().formatHex(wire()))
                + "\ninputs: " + DefectCase.describe(inputs());
    }

    /** What the role knows besides the bytes, as {@link io.handoffkit.conformance.verdict.RoleEvaluator} takes it. */
    public RoleInputs inputs() {
        return switch (role) {
            case BACKEND_OFFER -> new RoleInputs(Optional.empty(), 0, Optional.of(token), tokenState, false);
            case BROKER_ACK -> new RoleInputs(Optional.of(token), correlationId, Optional.empty(), TokenState.PENDING, deadlinePassed);
            case CLIENT_RELAY -> new RoleInputs(Optional.of(token), 0, Optional.empty(), TokenState.PENDING, false);
        };
    }
}
