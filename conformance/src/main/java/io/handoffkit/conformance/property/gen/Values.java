package io.handoffkit.conformance.property.gen;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import io.handoffkit.token.Token;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;

/**
 * Field values for handoff messages, biased towards the edges: 0 and the
 * maxima of u32/u64, empty, non-ASCII and long strings, tokens that differ
 * from the expected one in a single bit. Each generator reports what it chose
 * to a trait sink, so a property can require that every edge was reached.
 * Zero bytes always produce the simplest choice (0, "", the first edge).
 */
public final class Values {

    public static final long U32_MAX = 0xFFFF_FFFFL;

    /** Strings that trip up encoders: multi-byte UTF-8, astral code points, combining marks, bidi controls, NUL. */
    static final List<String> TRICKY_TEXT = List.of(
            "é", "ü", "日本語のサービス", "сервис", "🙂", "𝔘𝔫𝔦𝔠𝔬𝔡𝔢", "a\u0301", "\u202Eevil", "\u0000",
            "tab\there", "line\nbreak", "\uFEFFbom", "\uFFFF", "服务/backend-1");

    private Values() {}

    /** Any u64 (as a Java long), 0 and the maxima often. */
    public static long u64(FuzzedDataProvider data, String field, Consumer<String> traits) {
        long v = switch (data.consumeInt(0, 7)) {
            case 0 -> 0L;
            case 1 -> -1L; // 2^64 - 1
            case 2 -> Long.MAX_VALUE;
            case 3 -> Long.MIN_VALUE;
            case 4 -> U32_MAX + data.consumeInt(-1, 1);
            case 5 -> data.consumeInt(1, 255);
            default -> data.consumeLong();
        };
        traits.accept(field + (v == 0 ? "=0" : v == -1L ? "=max" : "=other"));
        return v;
    }

    /** A u64 different from {@code v}: a neighbour, one bit off, an extreme, or random. */
    public static long otherThan(long v, FuzzedDataProvider data, Consumer<String> how) {
        int choice = data.consumeInt(0, 3);
        long other = switch (choice) {
            case 0 -> v + (data.consumeBoolean() ? 1 : -1);
            case 1 -> v ^ (1L << data.consumeInt(0, 63));
            case 2 -> v == 0 ? -1L : v == -1L ? 0L : data.consumeBoolean() ? 0L : -1L;
            default -> data.consumeLong();
        };
        if (other == v) {
            other = v + 1;
            choice = 0;
        }
        how.accept(switch (choice) {
            case 0 -> "neighbour";
            case 1 -> "one bit off";
            case 2 -> "extreme";
            default -> "random";
        });
        return other;
    }

    /** A u32 (as a Java int) different from {@code excluded}, with 0, small values and the maximum often. */
    public static int u32Except(int excluded, FuzzedDataProvider data) {
        int v = switch (data.consumeInt(0, 5)) {
            case 0 -> 0;
            case 1 -> excluded + 1;
            case 2 -> -1; // 2^32 - 1
            case 3 -> Integer.MIN_VALUE; // 2^31
            case 4 -> data.consumeInt(0, 255);
            default -> data.consumeInt();
        };
        return v == excluded ? excluded + 1 : v;
    }

    /** 16 token bytes: random, or one of the degenerate all-zero / all-ones tokens. */
    public static Token token(FuzzedDataProvider data) {
        byte[] b = switch (data.consumeInt(0, 7)) {
            case 0 -> new byte[Token.LENGTH];
            case 1 -> filled((byte) 0xFF);
            default -> exactly(data, Token.LENGTH);
        };
        return Token.of(b).orElseThrow();
    }

    /** Another 16-byte token: one bit flipped, or random bytes that differ. */
    public static byte[] otherToken(Token token, FuzzedDataProvider data, Consumer<String> how) {
        byte[] b = token.toBytes();
        if (data.consumeBoolean()) {
            int bit = data.consumeInt(0, Token.LENGTH * 8 - 1);
            b[bit / 8] ^= (byte) (1 << (bit % 8));
            how.accept("one bit flipped");
        } else {
            byte[] r = exactly(data, Token.LENGTH);
            if (Arrays.equals(r, b)) {
                r[0] ^= 1;
            }
            b = r;
            how.accept("other 16 bytes");
        }
        return b;
    }

    /** Exactly {@code n} bytes; missing input reads as zeros. */
    public static byte[] exactly(FuzzedDataProvider data, int n) {
        return Arrays.copyOf(data.consumeBytes(n), n);
    }

    /**
     * A string for a name or detail field: empty, printable ASCII, non-ASCII
     * (always containing at least one character above U+007F), a tricky
     * fixed string, or a long one (kilobytes, built by repetition so it costs few input bytes).
     */
    public static String text(FuzzedDataProvider data, String field, Consumer<String> traits) {
        int kind = data.consumeInt(0, 4);
        String s = switch (kind) {
            case 0 -> "";
            case 1 -> printableAscii(data, 40);
            case 2 -> nonAscii(data);
            case 3 -> data.pickValue(TRICKY_TEXT);
            default -> {
                String unit = data.consumeBoolean() ? nonAscii(data) : printableAscii(data, 16);
                String chunk = unit.isEmpty() ? "x" : unit;
                yield chunk.repeat(Math.max(1, data.consumeInt(1000, 8000) / chunk.length()));
            }
        };
        traits.accept(field + (s.isEmpty() ? " empty"
                : s.length() >= 1000 ? " long"
                : s.chars().allMatch(c -> c < 0x80) ? " ascii" : " non-ascii"));
        return s;
    }

    /** A non-empty string of printable ASCII, at most {@code max} characters. */
    public static String printableAscii(FuzzedDataProvider data, int max) {
        int n = data.consumeInt(1, max);
        StringBuilder b = new StringBuilder(n);
        for (int i = 0; i < n; i++) {
            b.append((char) data.consumeInt('!', '~'));
        }
        return b.toString();
    }

    private static String nonAscii(FuzzedDataProvider data) {
        String prefix = data.consumeString(24);
        return prefix + data.pickValue(TRICKY_TEXT.subList(0, 6)) + data.consumeString(8);
    }

    private static byte[] filled(byte value) {
        byte[] b = new byte[Token.LENGTH];
        Arrays.fill(b, value);
        return b;
    }
}
