package io.handoffkit.conformance.property;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A {@link FuzzedDataProvider} over a fixed byte array, consumed front to back
 * and deterministically: the same bytes always generate the same value. When
 * the bytes run out every call returns its minimal value (0, false, the lower
 * bound, an empty array or string), as Jazzer's provider does.
 *
 * <p>Everything is read from the front and a smaller byte never yields a
 * larger choice, so shrinking the buffer (deleting chunks, zeroing and
 * lowering bytes) shrinks the generated value: zero bytes give the simplest
 * value of every generator, and ranges are {@code min + raw % (range + 1)}
 * over the fewest big-endian bytes that cover the range.
 */
public final class ByteArrayDataProvider implements FuzzedDataProvider {

    /** Below this the string generators stop: one byte in eight ends a string. */
    private static final int STOP_BELOW = 0x20;

    private final byte[] data;
    private int position;
    /** start offsets of the multi-byte integer draws, so the shrinker can lower each as one number */
    private final List<Integer> blockStarts = new ArrayList<>();
    private final List<Integer> blockLengths = new ArrayList<>();

    public ByteArrayDataProvider(byte[] data) {
        this(data.clone(), Ownership.TAKEN);
    }

    private enum Ownership { TAKEN }

    /** Takes {@code owned} without copying it (for a buffer nobody else holds). */
    private ByteArrayDataProvider(byte[] owned, Ownership taken) {
        this.data = owned;
    }

    /** {@code size} bytes from a seeded random source: the generation mode of a property run. */
    public static ByteArrayDataProvider random(SplittableRandom random, int size) {
        byte[] bytes = new byte[size];
        for (int i = 0; i < size; i += 8) {
            long word = random.nextLong();
            for (int j = 0; j < 8 && i + j < size; j++) {
                bytes[i + j] = (byte) (word >>> (8 * j));
            }
        }
        return new ByteArrayDataProvider(bytes, Ownership.TAKEN);
    }

    /** How many bytes the generators have asked for so far (past the end too: those read as zero). */
    public int consumedCount() {
        return position;
    }

    /**
     * The canonical input of what was generated: the bytes consumed, padded
     * with the zeros that were read past the end. Replaying exactly these
     * bytes generates the same value; the shrinker compares these.
     */
    public byte[] consumed() {
        return Arrays.copyOf(data, position);
    }

    @Override
    public int remainingBytes() {
        return Math.max(0, data.length - position);
    }

    private int next() {
        int b = position < data.length ? data[position] & 0xFF : 0;
        position++;
        return b;
    }

    /**
     * The multi-byte integer draws made so far, as {offset, length} pairs
     * (within the consumed prefix): the blocks the shrinker minimises as numbers.
     */
    public List<int[]> blocks() {
        List<int[]> out = new ArrayList<>();
        for (int i = 0; i < blockStarts.size(); i++) {
            out.add(new int[] {blockStarts.get(i), blockLengths.get(i)});
        }
        return out;
    }

    /** Unsigned big-endian value of up to 8 bytes; missing bytes read as zero. */
    private long raw(int bytes) {
        if (bytes > 1) {
            blockStarts.add(position);
            blockLengths.add(bytes);
        }
        long value = 0;
        for (int i = 0; i < bytes; i++) {
            value = value << 8 | next();
        }
        return value;
    }

    /** {@code min + raw % (max - min + 1)}, in unsigned arithmetic so the full long range works. */
    private long inRange(long min, long max) {
        if (min > max) {
            throw new IllegalArgumentException("min must be <= max (got " + min + " > " + max + ")");
        }
        long range = max - min; // unsigned
        if (range == 0) {
            return min;
        }
        int bytes = (64 - Long.numberOfLeadingZeros(range) + 7) / 8;
        long value = raw(bytes);
        if (range != -1L) {
            value = Long.remainderUnsigned(value, range + 1);
        }
        return min + value;
    }

    @Override
    public boolean consumeBoolean() {
        return (next() & 1) == 1;
    }

    @Override
    public boolean[] consumeBooleans(int maxLength) {
        boolean[] out = new boolean[Math.max(0, Math.min(maxLength, remainingBytes()))];
        for (int i = 0; i < out.length; i++) {
            out[i] = consumeBoolean();
        }
        return out;
    }

    @Override
    public byte consumeByte() {
        return (byte) next();
    }

    @Override
    public byte consumeByte(byte min, byte max) {
        return (byte) inRange(min, max);
    }

    @Override
    public byte[] consumeBytes(int maxLength) {
        int n = Math.max(0, Math.min(maxLength, remainingBytes()));
        if (n == 0) {
            return new byte[0];
        }
        byte[] out = Arrays.copyOfRange(data, position, position + n);
        position += n;
        return out;
    }

    @Override
    public byte[] consumeRemainingAsBytes() {
        return consumeBytes(remainingBytes());
    }

    @Override
    public short consumeShort() {
        return (short) raw(2);
    }

    @Override
    public short consumeShort(short min, short max) {
        return (short) inRange(min, max);
    }

    @Override
    public short[] consumeShorts(int maxLength) {
        short[] out = new short[Math.max(0, Math.min(maxLength, remainingBytes() / 2))];
        for (int i = 0; i < out.length; i++) {
            out[i] = consumeShort();
        }
        return out;
    }

    @Override
    public int consumeInt() {
        return (int) raw(4);
    }

    @Override
    public int consumeInt(int min, int max) {
        return (int) inRange(min, max);
    }

    @Override
    public int[] consumeInts(int maxLength) {
        int[] out = new int[Math.max(0, Math.min(maxLength, remainingBytes() / 4))];
        for (int i = 0; i < out.length; i++) {
            out[i] = consumeInt();
        }
        return out;
    }

    @Override
    public long consumeLong() {
        return raw(8);
    }

    @Override
    public long consumeLong(long min, long max) {
        return inRange(min, max);
    }

    @Override
    public long[] consumeLongs(int maxLength) {
        long[] out = new long[Math.max(0, Math.min(maxLength, remainingBytes() / 8))];
        for (int i = 0; i < out.length; i++) {
            out[i] = consumeLong();
        }
        return out;
    }

    @Override
    public float consumeFloat() {
        return switch (consumeInt(0, 7)) {
            case 0 -> 0f;
            case 1 -> Float.NaN;
            case 2 -> Float.POSITIVE_INFINITY;
            case 3 -> Float.NEGATIVE_INFINITY;
            case 4 -> Float.MIN_VALUE;
            default -> Float.intBitsToFloat(consumeInt());
        };
    }

    @Override
    public float consumeRegularFloat() {
        return consumeRegularFloat(-Float.MAX_VALUE, Float.MAX_VALUE);
    }

    @Override
    public float consumeRegularFloat(float min, float max) {
        return (float) consumeRegularDouble(min, max);
    }

    @Override
    public float consumeProbabilityFloat() {
        return (float) consumeProbabilityDouble();
    }

    @Override
    public double consumeDouble() {
        return switch (consumeInt(0, 7)) {
            case 0 -> 0d;
            case 1 -> Double.NaN;
            case 2 -> Double.POSITIVE_INFINITY;
            case 3 -> Double.NEGATIVE_INFINITY;
            case 4 -> Double.MIN_VALUE;
            default -> Double.longBitsToDouble(consumeLong());
        };
    }

    @Override
    public double consumeRegularDouble() {
        return consumeRegularDouble(-Double.MAX_VALUE, Double.MAX_VALUE);
    }

    @Override
    public double consumeRegularDouble(double min, double max) {
        if (!(min <= max) || Double.isInfinite(min) || Double.isInfinite(max)) {
            throw new IllegalArgumentException("need finite min <= max (got " + min + ", " + max + ")");
        }
        double p = consumeProbabilityDouble();
        // min + p * (max - min) without overflowing when the range exceeds Double.MAX_VALUE
        double value = min + p * (max / 2 - min / 2) * 2;
        return Math.max(min, Math.min(max, value));
    }

    @Override
    public double consumeProbabilityDouble() {
        return (consumeLong() >>> 11) * 0x1.0p-53;
    }

    @Override
    public char consumeChar() {
        return (char) raw(2);
    }

    @Override
    public char consumeChar(char min, char max) {
        return (char) inRange(min, max);
    }

    @Override
    public char consumeCharNoSurrogates() {
        char c = consumeChar();
        return Character.isSurrogate(c) ? (char) (c - 0x1000) : c;
    }

    @Override
    public String consumeString(int maxLength) {
        return string(maxLength, false);
    }

    @Override
    public String consumeRemainingAsString() {
        return string(Integer.MAX_VALUE, false);
    }

    @Override
    public String consumeAsciiString(int maxLength) {
        return string(maxLength, true);
    }

    @Override
    public String consumeRemainingAsAsciiString() {
        return string(Integer.MAX_VALUE, true);
    }

    /**
     * A string of at most {@code maxLength} UTF-16 units, never a lone
     * surrogate. Before each character one byte decides whether to go on
     * (a byte below 0x20 stops), so zeroed bytes give the empty string and
     * deleting bytes deletes characters.
     */
    private String string(int maxLength, boolean ascii) {
        StringBuilder out = new StringBuilder();
        while (out.length() < maxLength && remainingBytes() > 0 && next() >= STOP_BELOW) {
            int lead = next();
            if (ascii || lead < 0xC0) {
                out.append((char) (ascii ? lead & 0x7F : 0x20 + lead % 0x5F));
            } else if (lead < 0xF0 || out.length() + 2 > maxLength) {
                char c = (char) (0x80 + raw(2) % (0x10000 - 0x80));
                out.append(Character.isSurrogate(c) ? (char) (c - 0x1000) : c);
            } else {
                out.appendCodePoint((int) (0x10000 + raw(3) % (Character.MAX_CODE_POINT + 1 - 0x10000)));
            }
        }
        return out.toString();
    }
}
