package io.handoffkit.fuzz.oracle;

import com.google.protobuf.ByteString;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.WireFormat;
import io.handoffkit.conformance.verdict.Role;
import io.handoffkit.proto.v1.Frame;
import io.handoffkit.proto.v1.HandoffAck;
import io.handoffkit.proto.v1.HandoffOffer;
import io.handoffkit.wire.Framing;
import io.handoffkit.wire.ReasonCode;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Optional;

/**
 * The decoder divergences SPEC.md accepts either way, recognised in the bytes: a known field with a wire
 * type its type does not use (DEC-6), a tag varint with bits above 32 (DEC-8), a 10-byte varint that does
 * not fit 64 bits (DEC-10), a length prefix with bits above 32 (DEC-11), a field inside
 * {@value #GROUP_DEPTH_LIMIT} nested groups (DEC-12). At each, upstream's decoder (prost) rejects the message
 * where protobuf-java reads on (skips the field, keeps the low 32 bits of the tag or the length, keeps the
 * varint's low 64 bits, skips the deep field).
 *
 * <p>{@link #find} walks the one framed message at the start of the bytes as a strict decoder does, field
 * by field: the {@code Frame}, then, when the {@code Frame} holds no divergence and decodes, its payload
 * (the last field 4) as the role's message. It returns the first divergence met; empty when prost fails
 * for another reason first, or fails where protobuf-java fails too: a truncated varint, a 10-byte varint
 * whose last byte has the continuation bit where protobuf-java rejects it (an even byte, or a tag, a length,
 * a {@code uint32} or enum value), a length past the end (or one whose low 32 bits are negative or past the
 * end), wire type 6 or 7, field number 0, an unbalanced group, a 101st nested group, invalid UTF-8 in a
 * string. Anything else the two decoders disagree on is not recognised here, on purpose: it is not an
 * acceptable divergence.
 */
public final class DecoderDivergence {

    /** An acceptable class, named by its golden-vector flag. */
    public enum Kind {
        /** DEC-6 */
        WRONG_WIRE_TYPE("WrongWireType"),
        /** DEC-8 */
        OVERLONG_TAG("OverlongTag"),
        /** DEC-10: a 10-byte varint whose last byte is 2..127, or odd with the continuation bit where protobuf-java reads 64 bits */
        OVERFLOWING_VARINT("OverflowingVarint"),
        /** DEC-11: a length of 2^32 or more whose low 32 bits are a length protobuf-java can read */
        OVERLONG_LENGTH("OverlongLength"),
        /** DEC-12: a field other than a group inside 100 nested groups */
        DEEP_NESTING("DeepNesting");

        private final String flag;

        Kind(String flag) {
            this.flag = flag;
        }

        /** The flag golden vectors of this class carry. */
        public String flag() {
            return flag;
        }
    }

    /** Which decode step meets the divergence, and the reason code a strict decoder gives there. */
    public enum Layer {
        FRAME(ReasonCode.FRAME_UNDECODABLE),
        PAYLOAD(ReasonCode.PAYLOAD_UNDECODABLE);

        private final ReasonCode strictReason;

        Layer(ReasonCode strictReason) {
            this.strictReason = strictReason;
        }

        public ReasonCode strictReason() {
            return strictReason;
        }
    }

    /** A divergence: its class, the message it is in, where it starts in the input, and what it is. */
    public record Divergence(Kind kind, Layer layer, int offset, String detail) {
        @Override
        public String toString() {
            return kind.flag() + " in the " + layer.name().toLowerCase(Locale.ROOT) + " at byte " + offset + ": " + detail;
        }
    }

    /**
     * prost's recursion limit: it refuses any field inside this many nested groups; protobuf-java refuses only
     * one more group, so any other field there is a divergence (DEC-12).
     */
    static final int GROUP_DEPTH_LIMIT = 100;

    /** The field types protobuf-java reads with its 64-bit varint reader (the others with its 32-bit one). */
    private static final EnumSet<FieldDescriptor.Type> WIDE = EnumSet.of(FieldDescriptor.Type.UINT64,
            FieldDescriptor.Type.INT64, FieldDescriptor.Type.SINT64, FieldDescriptor.Type.BOOL);

    private static final Schema FRAME = new Schema(Frame.getDescriptor());
    private static final Schema OFFER = new Schema(HandoffOffer.getDescriptor());
    private static final Schema ACK = new Schema(HandoffAck.getDescriptor());

    private DecoderDivergence() {}

    /** The first acceptable divergence a strict decoder stops at in the framed message {@code wire} read by {@code role}. */
    public static Optional<Divergence> find(Role role, byte[] wire) {
        long length = WireOracles.declaredLength(wire, 0);
        if (length < 0 || wire[0] != Framing.FRAMING_VERSION || length > Framing.MAX_FRAME_BYTES
                || wire.length - Framing.HEADER_LENGTH < length) {
            return Optional.empty();
        }
        Walk frame = new Walk(wire, Layer.FRAME, Framing.HEADER_LENGTH);
        if (!frame.message(FRAME, Framing.HEADER_LENGTH + (int) length) || frame.payloadStart < 0) {
            return frame.found;
        }
        Walk payload = new Walk(wire, Layer.PAYLOAD, frame.payloadStart);
        payload.message(role == Role.BACKEND_OFFER ? OFFER : ACK, frame.payloadEnd);
        return payload.found;
    }

    /**
     * A message's fields as the walk needs them: each known field's wire type, name, whether it is a string,
     * and whether protobuf-java reads its varint with its 64-bit reader.
     */
    private static final class Schema {
        final int[] wireTypes;
        final String[] names;
        final boolean[] strings;
        final boolean[] wide;

        Schema(Descriptor type) {
            int size = type.getFields().stream().mapToInt(FieldDescriptor::getNumber).max().orElse(0) + 1;
            wireTypes = new int[size];
            names = new String[size];
            strings = new boolean[size];
            wide = new boolean[size];
            Arrays.fill(wireTypes, -1);
            for (FieldDescriptor f : type.getFields()) {
                wireTypes[f.getNumber()] = f.getLiteType().getWireType();
                names[f.getNumber()] = type.getName() + "." + f.getName();
                strings[f.getNumber()] = f.getType() == FieldDescriptor.Type.STRING;
                wide[f.getNumber()] = WIDE.contains(f.getType());
            }
        }

        boolean known(long field) {
            return field < wireTypes.length && wireTypes[(int) field] >= 0;
        }

        /** Whether protobuf-java reads the varint value of {@code field} with its 64-bit reader (an unknown field's too). */
        boolean wide(long field) {
            return !known(field) || wide[(int) field];
        }
    }

    /** One strict pass over one message; stops at the first divergence ({@link #found}) or hard failure. */
    private static final class Walk {
        final byte[] bytes;
        final Layer layer;
        int pos;
        long value;
        long field;
        int wireType;
        /** where the bytes of the last length-delimited value start */
        int contentStart;
        int payloadStart = -1;
        int payloadEnd = -1;
        Optional<Divergence> found = Optional.empty();

        Walk(byte[] bytes, Layer layer, int start) {
            this.bytes = bytes;
            this.layer = layer;
            this.pos = start;
        }

        /** The fields up to {@code end}; true when the whole message decodes. */
        boolean message(Schema schema, int end) {
            while (pos < end) {
                int at = pos;
                if (!tag(end) || wireType == WireFormat.WIRETYPE_END_GROUP) {
                    return false;
                }
                long number = field;
                boolean known = schema.known(number);
                if (known && schema.wireTypes[(int) number] != wireType) {
                    return diverge(Kind.WRONG_WIRE_TYPE, at, schema.names[(int) number] + " (" + number + ") has wire type "
                            + wireType + ", its type uses " + schema.wireTypes[(int) number]);
                }
                if (!value(end, 0, schema.wide(number))) {
                    return false;
                }
                if (known && schema.strings[(int) number] && !ByteString.copyFrom(bytes, contentStart, pos - contentStart).isValidUtf8()) {
                    return false;
                }
                if (schema == FRAME && number == Frame.PAYLOAD_FIELD_NUMBER) {
                    payloadStart = contentStart;
                    payloadEnd = pos;
                }
            }
            return true;
        }

        /** Reads a tag; false at a divergence or a tag both decoders refuse. */
        private boolean tag(int end) {
            int at = pos;
            if (!varint(end, "a tag", false)) {
                return false;
            }
            if (value >>> 32 != 0) {
                return diverge(Kind.OVERLONG_TAG, at, "tag " + Long.toUnsignedString(value) + " has bits above 32");
            }
            field = value >>> 3;
            wireType = (int) (value & 7);
            return field != 0 && wireType <= WireFormat.WIRETYPE_FIXED32;
        }

        /**
         * Skips the value of the field just read (for a length-delimited one, {@code pos} ends past its bytes);
         * false at a divergence or a hard failure. {@code wide}: protobuf-java reads a varint value with its
         * 64-bit reader.
         */
        private boolean value(int end, int depth, boolean wide) {
            switch (wireType) {
                case WireFormat.WIRETYPE_VARINT:
                    return varint(end, "a varint value", wide);
                case WireFormat.WIRETYPE_FIXED64:
                    return skip(8, end);
                case WireFormat.WIRETYPE_FIXED32:
                    return skip(4, end);
                case WireFormat.WIRETYPE_LENGTH_DELIMITED:
                    return length(end) && skip((int) value, end);
                case WireFormat.WIRETYPE_START_GROUP:
                    return group(field, end, depth);
                default:
                    return false;
            }
        }

        /**
         * Reads a length into {@link #value}; false past the end, and at a length of 2^32 or more, which prost
         * compares whole with the bytes left: a divergence when protobuf-java's signed low 32 bits fit (DEC-11).
         */
        private boolean length(int end) {
            int at = pos;
            if (!varint(end, "a length", false)) {
                return false;
            }
            int low = (int) value;
            if (value >>> 32 != 0 && low >= 0 && low <= end - pos) {
                return diverge(Kind.OVERLONG_LENGTH, at, "a length of " + Long.toUnsignedString(value) + " has bits above 32");
            }
            contentStart = pos;
            return Long.compareUnsigned(value, end - pos) <= 0;
        }

        /** An unknown group's fields up to its end tag; {@code depth} groups enclose the group itself. */
        private boolean group(long number, int end, int depth) {
            while (pos < end) {
                int at = pos;
                if (!tag(end)) {
                    return false;
                }
                if (wireType == WireFormat.WIRETYPE_END_GROUP) {
                    return field == number;
                }
                if (depth + 1 >= GROUP_DEPTH_LIMIT) {
                    // prost refuses any field here; protobuf-java only a further group
                    return wireType != WireFormat.WIRETYPE_START_GROUP && diverge(Kind.DEEP_NESTING, at,
                            "a field inside " + GROUP_DEPTH_LIMIT + " nested groups");
                }
                if (!value(end, depth + 1, true)) {
                    return false;
                }
            }
            return false;
        }

        /**
         * Reads a varint into {@link #value}; false when truncated, and at a 10-byte varint that does not fit 64
         * bits (DEC-10), a divergence where protobuf-java reads on: a last byte 2..127, or an odd one with the
         * continuation bit where it reads 64 bits ({@code wide}; it ends the varint there).
         */
        private boolean varint(int end, String what, boolean wide) {
            int at = pos;
            long v = 0;
            for (int i = 0; i < 10 && pos < end; i++) {
                int b = bytes[pos++] & 0xFF;
                v |= (long) (b & 0x7F) << (7 * i);
                if (b < 0x80 || i == 9) {
                    value = v;
                    boolean javaReadsOn = b < 0x80 || wide && (b & 1) == 1;
                    return i < 9 || b <= 1 || javaReadsOn
                            && diverge(Kind.OVERFLOWING_VARINT, at, what + " is a 10-byte varint whose last byte is 0x" + Integer.toHexString(b));
                }
            }
            return false;
        }

        private boolean skip(int n, int end) {
            if (end - pos < n) {
                return false;
            }
            pos += n;
            return true;
        }

        private boolean diverge(Kind kind, int at, String detail) {
            found = Optional.of(new Divergence(kind, layer, at, detail));
            return false;
        }
    }
}
