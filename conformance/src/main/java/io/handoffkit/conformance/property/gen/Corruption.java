package io.handoffkit.conformance.property.gen;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.google.protobuf.CodedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * A byte-level edit that makes a valid protobuf message undecodable, by every
 * protobuf decoder (prost, protobuf-java, protobuf C++), not only by a lenient
 * or a strict one. The edit is chosen when the defect is applied and performed
 * on the final bytes, so it composes with the defects applied after it.
 */
public record Corruption(Style style, int where, int variant, int size) {

    public enum Style {
        /** a varint field whose last byte still has its continuation bit set, at the end of the message */
        TRUNCATED_VARINT("truncated varint at the end"),
        /** a length-delimited field that claims more bytes than remain */
        LENGTH_OVERRUN("length-delimited overrun"),
        /** a tag with wire type 6 (no such wire type) */
        WIRE_TYPE_6("wire type 6"),
        /** a tag with wire type 7 (no such wire type) */
        WIRE_TYPE_7("wire type 7"),
        /** a tag with field number 0 */
        FIELD_ZERO("field number 0"),
        /** an end-group tag with no group open */
        UNMATCHED_END_GROUP("unmatched end-group"),
        /** a varint of more than 10 bytes */
        OVERLONG_VARINT("overlong varint"),
        /** a string field holding bytes that are not UTF-8 (DEC-7) */
        INVALID_UTF8("invalid UTF-8 in a string field");

        private final String label;

        Style(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    /** Byte strings that are not UTF-8: stray continuation, truncated sequence, overlong NUL, surrogate, above U+10FFFF, 0xFF. */
    private static final byte[][] NOT_UTF8 = {
        {(byte) 0x80}, {(byte) 0xC3, 0x28}, {(byte) 0xE2, (byte) 0x82}, {(byte) 0xC0, (byte) 0x80},
        {(byte) 0xED, (byte) 0xA0, (byte) 0x80}, {(byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80}, {(byte) 0xFF},
    };

    public static Corruption generate(FuzzedDataProvider data) {
        Style style = data.pickValue(Style.values());
        return new Corruption(style, data.consumeInt(0, 1 << 20), data.consumeInt(0, 1 << 20), data.consumeInt(0, 255));
    }

    public String label() {
        return style.label();
    }

    /**
     * The corrupted bytes of {@code message}. {@code stringField} is the number
     * of a string field of that message (for {@link Style#INVALID_UTF8}).
     */
    public byte[] apply(byte[] message, int stringField) {
        List<Integer> boundaries = fieldBoundaries(message);
        int at = switch (style) {
            case TRUNCATED_VARINT, LENGTH_OVERRUN -> message.length; // must run into the end
            default -> boundaries.get(where % boundaries.size());
        };
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(message, 0, at);
        int field = 1 + where % 15; // fits a one-byte tag
        switch (style) {
            case TRUNCATED_VARINT -> {
                out.write(field << 3);
                for (int i = 0; i <= variant % 3; i++) {
                    out.write(0x80 | ((size + i) & 0x7F));
                }
            }
            case LENGTH_OVERRUN -> {
                int claimed = 1 + size % 100;
                int present = variant % claimed;
                out.write(field << 3 | 2);
                out.write(claimed);
                for (int i = 0; i < present; i++) {
                    out.write('a' + i % 26);
                }
            }
            case WIRE_TYPE_6 -> out.write(field << 3 | 6);
            case WIRE_TYPE_7 -> out.write(field << 3 | 7);
            case FIELD_ZERO -> out.write(variant % 6); // wire types 0..5, field 0
            case UNMATCHED_END_GROUP -> out.write(field << 3 | 4);
            case OVERLONG_VARINT -> {
                out.write(field << 3);
                for (int i = 0; i < 10 + variant % 3; i++) {
                    out.write(0x80);
                }
                out.write(0x01);
            }
            case INVALID_UTF8 -> {
                byte[] bad = NOT_UTF8[variant % NOT_UTF8.length];
                out.write(stringField << 3 | 2);
                out.write(bad.length);
                out.write(bad, 0, bad.length);
            }
        }
        if (style != Style.TRUNCATED_VARINT && style != Style.LENGTH_OVERRUN) {
            out.write(message, at, message.length - at);
        }
        return out.toByteArray();
    }

    /** Offsets where a field starts (and the end): where a corrupt field can be spliced in. */
    static List<Integer> fieldBoundaries(byte[] message) {
        List<Integer> offsets = new ArrayList<>();
        offsets.add(0);
        try {
            CodedInputStream in = CodedInputStream.newInstance(message);
            while (!in.isAtEnd()) {
                int tag = in.readTag();
                if (tag == 0 || !in.skipField(tag)) {
                    break;
                }
                offsets.add(in.getTotalBytesRead());
            }
        } catch (IOException e) {
            // not a well-formed message: only the start is known to be a field boundary
        }
        return offsets;
    }
}
