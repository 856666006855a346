package io.handoffkit.fuzz.oracle;

import java.util.function.Supplier;

/**
 * A fuzz oracle caught the reference doing something the spec forbids: an
 * accepted frame that does not survive re-encoding, a rejection that consumed
 * the wrong number of bytes, an allocation beyond the budget, a token accepted
 * twice. Jazzer reports it as a finding like any other unexpected throwable.
 */
public final class OracleViolation extends AssertionError {

    public OracleViolation(String message) {
        super(message);
    }

    public OracleViolation(String message, Throwable cause) {
        super(message, cause);
    }

    /** Fails with the message unless {@code condition} holds; the message is built only on failure. */
    public static void check(boolean condition, Supplier<String> message) {
        if (!condition) {
            throw new OracleViolation(message.get());
        }
    }
}
