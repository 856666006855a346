package io.handoffkit.token;

import com.google.protobuf.ByteString;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Optional;

/**
 * The one-time handoff token: exactly {@link #LENGTH} bytes from a CSPRNG
 * (SPEC TOKEN-1). Compared in constant time and never printed (TOKEN-8).
 */
public final class Token {

    public static final int LENGTH = 16;

    private final byte[] bytes;

    private Token(byte[] bytes) {
        this.bytes = bytes;
    }

    public static Token random(SecureRandom random) {
        byte[] b = new byte[LENGTH];
        random.nextBytes(b);
        return new Token(b);
    }

    /** The token these bytes spell, when they are exactly 16 bytes long. */
    public static Optional<Token> of(byte[] bytes) {
        return bytes.length == LENGTH ? Optional.of(new Token(bytes.clone())) : Optional.empty();
    }

    public static Optional<Token> of(ByteString bytes) {
        return of(bytes.toByteArray());
    }

    /** For tests, vectors and the CLI: a token given in hex; throws on a wrong length. */
    public static Token fromHex(String hex) {
        return of(HexFormat.of().parseHex(hex))
                .orElseThrow(() -> new IllegalArgumentException("a token is " + LENGTH + " bytes (" + 2 * LENGTH + " hex digits)"));
    }

    /** Constant-time comparison against bytes presented on the wire, of any length; the presented bytes are not copied. */
    public boolean matches(ByteString presented) {
        int size = presented.size();
        int difference = size ^ LENGTH;
        for (int i = 0; i < LENGTH; i++) {
            difference |= bytes[i] ^ (i < size ? presented.byteAt(i) : 0);
        }
        return difference == 0;
    }

    public ByteString toByteString() {
        return ByteString.copyFrom(bytes);
    }

    public byte[] toBytes() {
        return bytes.clone();
    }

    /** Hex of the secret: only for the CLI and reports, never for logs. */
    public String toHex() {
        return HexFormat.of().formatHex(bytes);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Token t && MessageDigest.isEqual(bytes, t.bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }

    @Override
    public String toString() {
        return "Token[redacted]";
    }
}
