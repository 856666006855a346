package io.handoffkit.conformance.property.gen;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.WireFormat;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;

/**
 * Byte-level protobuf encodings that a conforming decoder must treat like the
 * canonical one (DEC-3..DEC-5, DEC-9): fields in another order, unknown and
 * reserved field numbers, duplicated fields, 32-bit fields written as 64-bit
 * varints. Inputs are well-formed messages.
 */
public final class Encodings {

    /** Field numbers a message reserves, and where the never-assigned ones begin. */
    public record FieldSpace(int firstReserved, int lastReserved, int firstUnknown) {}

    /** Frame: reserved 10..15. */
    public static final FieldSpace FRAME = new FieldSpace(10, 15, 16);
    /** HandoffOffer and HandoffAck: reserved 5..10. */
    public static final FieldSpace HANDOFF_MESSAGE = new FieldSpace(5, 10, 11);

    private static final int MAX_FIELD_NUMBER = (1 << 29) - 1;

    private Encodings() {}

    /** The encoded fields of a well-formed message, in wire order. */
    public static List<byte[]> fields(byte[] message) {
        List<Integer> at = Corruption.fieldBoundaries(message);
        if (at.get(at.size() - 1) != message.length) {
            throw new IllegalArgumentException("not a well-formed message");
        }
        List<byte[]> out = new ArrayList<>();
        for (int i = 0; i + 1 < at.size(); i++) {
            out.add(Arrays.copyOfRange(message, at.get(i), at.get(i + 1)));
        }
        return out;
    }

    public static byte[] join(List<byte[]> fields) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        fields.forEach(f -> out.write(f, 0, f.length));
        return out.toByteArray();
    }

    /** The same fields in a random order (Fisher-Yates driven by the data). */
    public static byte[] shuffled(byte[] message, FuzzedDataProvider data) {
        List<byte[]> fields = new ArrayList<>(fields(message));
        for (int i = fields.size() - 1; i > 0; i--) {
            int j = data.consumeInt(0, i);
            byte[] t = fields.get(i);
            fields.set(i, fields.get(j));
            fields.set(j, t);
        }
        return join(fields);
    }

    /** {@code message} with 1..4 well-formed unknown or reserved fields spliced in between its fields. */
    public static byte[] withUnknownFields(byte[] message, FieldSpace space, FuzzedDataProvider data, Consumer<String> labels) {
        List<byte[]> fields = new ArrayList<>(fields(message));
        int n = data.consumeInt(1, 4);
        for (int i = 0; i < n; i++) {
            fields.add(data.consumeInt(0, fields.size()), unknownField(space, data, labels));
        }
        return join(fields);
    }

    /** One well-formed field whose number the message does not define: reserved, or never assigned. */
    public static byte[] unknownField(FieldSpace space, FuzzedDataProvider data, Consumer<String> labels) {
        int number;
        if (data.consumeBoolean()) {
            number = data.consumeInt(space.firstReserved(), space.lastReserved());
            labels.accept("reserved field number");
        } else {
            number = data.consumeBoolean() ? data.consumeInt(space.firstUnknown(), space.firstUnknown() + 100)
                    : data.consumeInt(space.firstUnknown(), MAX_FIELD_NUMBER);
            labels.accept("unassigned field number");
        }
        return encode(out -> {
            switch (data.consumeInt(0, 3)) {
                case 0 -> {
                    out.writeUInt64(number, data.consumeLong());
                    labels.accept("varint");
                }
                case 1 -> {
                    out.writeFixed64(number, data.consumeLong());
                    labels.accept("fixed64");
                }
                case 2 -> {
                    out.writeByteArray(number, data.consumeBytes(data.consumeInt(0, 40)));
                    labels.accept("length-delimited");
                }
                default -> {
                    out.writeFixed32(number, data.consumeInt());
                    labels.accept("fixed32");
                }
            }
        });
    }

    /** A varint field holding the full 64-bit {@code value} (for a 32-bit field: an out-of-range value). */
    public static byte[] varintField(int number, long value) {
        return encode(out -> out.writeUInt64(number, value));
    }

    /** A length-delimited field holding {@code bytes}. */
    public static byte[] bytesField(int number, byte[] bytes) {
        return encode(out -> out.writeByteArray(number, bytes));
    }

    /** A group field: start-group tag, {@code content} (its fields), end-group tag. */
    public static byte[] groupField(int number, byte[] content) {
        return concat(encode(out -> out.writeTag(number, WireFormat.WIRETYPE_START_GROUP)), content,
                encode(out -> out.writeTag(number, WireFormat.WIRETYPE_END_GROUP)));
    }

    public static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.write(p, 0, p.length);
        }
        return out.toByteArray();
    }

    /** {@code [1][u32 LE length][body]}. */
    public static byte[] frameWire(byte[] body) {
        byte[] header = {1, (byte) body.length, (byte) (body.length >>> 8), (byte) (body.length >>> 16), (byte) (body.length >>> 24)};
        return concat(header, body);
    }

    private interface Writer {
        void write(CodedOutputStream out) throws IOException;
    }

    private static byte[] encode(Writer w) {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            CodedOutputStream out = CodedOutputStream.newInstance(bytes);
            w.write(out);
            out.flush();
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
