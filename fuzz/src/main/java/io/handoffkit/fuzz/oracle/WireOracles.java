package io.handoffkit.fuzz.oracle;

import static io.handoffkit.fuzz.oracle.OracleViolation.check;

import io.handoffkit.proto.v1.Frame;
import io.handoffkit.proto.v1.FrameKind;
import io.handoffkit.proto.v1.PayloadEncoding;
import io.handoffkit.wire.Envelope;
import io.handoffkit.wire.Framing;
import io.handoffkit.wire.ReasonCode;
import io.handoffkit.wire.Rejection;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Oracles every decoder target shares: what a verdict says about the bytes
 * the frame reader consumed (FRAME-1/2/6/9), which requirement each reason
 * code cites, and what an accepted envelope must look like (ENV-1..4).
 */
public final class WireOracles {

    /** The rejections only the frame layer gives; everything after it reads exactly one whole frame. */
    public static final Set<ReasonCode> FRAME_LAYER = EnumSet.of(ReasonCode.FRAMING_VERSION, ReasonCode.FRAME_TOO_LARGE,
            ReasonCode.TRUNCATED_FRAMING_BYTE, ReasonCode.TRUNCATED_LENGTH, ReasonCode.TRUNCATED_BODY, ReasonCode.IO);

    /** The requirement each reason code cites when the roles' decoders give it (SPEC.md "Violation:" lines). */
    private static final Map<ReasonCode, Set<String>> REQUIREMENTS = Map.ofEntries(
            Map.entry(ReasonCode.FRAMING_VERSION, Set.of("FRAME-1")),
            Map.entry(ReasonCode.FRAME_TOO_LARGE, Set.of("FRAME-2")),
            Map.entry(ReasonCode.TRUNCATED_FRAMING_BYTE, Set.of("FRAME-6")),
            Map.entry(ReasonCode.TRUNCATED_LENGTH, Set.of("FRAME-6")),
            Map.entry(ReasonCode.TRUNCATED_BODY, Set.of("FRAME-6")),
            Map.entry(ReasonCode.IO, Set.of("FRAME-7")),
            Map.entry(ReasonCode.FRAME_UNDECODABLE, Set.of("DEC-1")),
            Map.entry(ReasonCode.PAYLOAD_UNDECODABLE, Set.of("DEC-2")),
            Map.entry(ReasonCode.ENVELOPE_VERSION, Set.of("ENV-1")),
            Map.entry(ReasonCode.KIND, Set.of("ENV-2")),
            Map.entry(ReasonCode.PAYLOAD_PROTOCOL, Set.of("ENV-3")),
            Map.entry(ReasonCode.COMPRESSED, Set.of("ENV-4")),
            Map.entry(ReasonCode.OFFER_CORRELATION, Set.of("OFFER-2")),
            Map.entry(ReasonCode.ACK_FRAME_CORRELATION, Set.of("ACK-2")),
            Map.entry(ReasonCode.ACK_CORRELATION, Set.of("ACK-3")),
            Map.entry(ReasonCode.TOKEN_ECHO, Set.of("ACK-4", "RELAY-2")),
            Map.entry(ReasonCode.REFUSED, Set.of("ACK-5", "RELAY-3")),
            Map.entry(ReasonCode.LATE, Set.of("ACK-6")),
            Map.entry(ReasonCode.TOKEN_MISSING, Set.of("OFFER-4")),
            Map.entry(ReasonCode.TOKEN_LENGTH, Set.of("OFFER-5")),
            Map.entry(ReasonCode.TOKEN_NOT_PENDING, Set.of("TOKEN-2")),
            Map.entry(ReasonCode.TOKEN_EXPIRED, Set.of("TOKEN-3")),
            Map.entry(ReasonCode.TOKEN_MISMATCH, Set.of("TOKEN-4")));

    private WireOracles() {}

    /** The u32 little-endian length at {@code start + 1}, or -1 when the input has no complete header there. */
    public static long declaredLength(byte[] input, int start) {
        if (input.length - start < Framing.HEADER_LENGTH) {
            return -1;
        }
        return (input[start + 1] & 0xFFL) | (input[start + 2] & 0xFFL) << 8
                | (input[start + 3] & 0xFFL) << 16 | (input[start + 4] & 0xFFL) << 24;
    }

    /** A rejection names a known requirement for its reason, and has a detail. */
    public static void checkRejectionShape(Rejection r) {
        Set<String> allowed = REQUIREMENTS.get(r.reason());
        check(allowed != null && allowed.contains(r.requirement()),
                () -> r.reason() + " cites " + r.requirement() + ", expected one of " + allowed);
        check(!r.detail().isBlank(), () -> r.reason() + " has no detail");
    }

    /**
     * What the frame reader consumed from {@code input} (starting at {@code start},
     * reading with cap {@code cap}) must agree with the verdict: exactly 5 + length
     * for a whole frame (FRAME-9), 1 for a bad framing byte, 5 for an oversized
     * length, everything for a truncation (FRAME-6).
     *
     * @param rejection null when the frame layer accepted (the role may still have rejected later)
     * @param failed whether the stream threw (then IO is the only honest verdict)
     */
    public static void checkConsumed(byte[] input, int start, int end, int cap, Rejection rejection, boolean failed) {
        int consumed = end - start;
        Supplier<String> where = () -> " (input " + hex(input, start) + ")";
        if (failed) {
            check(rejection != null && rejection.reason() == ReasonCode.IO,
                    () -> "the stream failed but the verdict is " + (rejection == null ? "accepted" : rejection) + where.get());
            return;
        }
        if (rejection == null || !FRAME_LAYER.contains(rejection.reason())) {
            long length = declaredLength(input, start);
            check(length >= 0 && input[start] == Framing.FRAMING_VERSION && length <= cap
                            && consumed == Framing.HEADER_LENGTH + length,
                    () -> "a whole frame must be consumed exactly (FRAME-9): consumed " + consumed + ", declared length "
                            + length + ", cap " + cap + ", verdict " + (rejection == null ? "accepted" : rejection) + where.get());
            return;
        }
        int available = input.length - start;
        switch (rejection.reason()) {
            case FRAMING_VERSION -> check(consumed == 1 && available >= 1 && input[start] != Framing.FRAMING_VERSION,
                    () -> "FRAMING_VERSION after consuming " + consumed + " bytes" + where.get());
            case FRAME_TOO_LARGE -> check(consumed == Framing.HEADER_LENGTH && declaredLength(input, start) > cap,
                    () -> "FRAME_TOO_LARGE after consuming " + consumed + " bytes, declared " + declaredLength(input, start)
                            + ", cap " + cap + where.get());
            case TRUNCATED_FRAMING_BYTE -> check(available == 0 && consumed == 0,
                    () -> "TRUNCATED_FRAMING_BYTE with " + available + " bytes left" + where.get());
            case TRUNCATED_LENGTH -> check(available >= 1 && available < Framing.HEADER_LENGTH && consumed == available,
                    () -> "TRUNCATED_LENGTH with " + available + " bytes left, consumed " + consumed + where.get());
            case TRUNCATED_BODY -> check(available >= Framing.HEADER_LENGTH && consumed == available
                            && declaredLength(input, start) > available - Framing.HEADER_LENGTH,
                    () -> "TRUNCATED_BODY with " + available + " bytes left, consumed " + consumed + where.get());
            case IO -> throw new OracleViolation("IO rejection without any I/O failure: " + rejection + where.get());
            default -> throw new IllegalStateException("unreachable: " + rejection);
        }
    }

    /** An envelope a role accepted passes ENV-1..ENV-4 for {@code kind}. */
    public static void checkAcceptedEnvelope(Frame frame, FrameKind kind) {
        check(frame.getEnvelopeVersion() == Envelope.PROTOCOL_VERSION
                        && frame.getKindValue() == kind.getNumber()
                        && frame.getPayloadProtocol() == Envelope.HANDOFF_PAYLOAD_PROTOCOL
                        && frame.getPayloadEncodingValue() == PayloadEncoding.PAYLOAD_ENCODING_NONE_VALUE,
                () -> "accepted a frame whose envelope is not a v1 " + Envelope.kindName(kind) + " handoff envelope: " + frame);
        check(Envelope.validate(frame, kind).isEmpty(), () -> "Envelope.validate disagrees with the role about " + frame);
    }

    public static String hex(byte[] input, int start) {
        int end = Math.min(input.length, start + 64);
        return HexFormat.of().formatHex(input, start, end) + (end < input.length ? "...(" + (input.length - start) + " bytes)" : "");
    }
}
