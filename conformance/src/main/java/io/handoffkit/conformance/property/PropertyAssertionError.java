package io.handoffkit.conformance.property;

import java.util.Objects;

/**
 * A failed claim with a stable signature: a short text naming how it failed
 * without the generated values (for example "expected KIND (ENV-2), got
 * accepted"). The shrinker keeps a smaller input only when it fails with the
 * same signature, so shrinking cannot wander from one bug to another.
 */
public class PropertyAssertionError extends AssertionError {

    private final String signature;

    public PropertyAssertionError(String signature, String message) {
        super(message);
        this.signature = Objects.requireNonNull(signature, "signature");
    }

    public String signature() {
        return signature;
    }

    /** Fails with {@code signature} and {@code message} unless {@code condition} holds. */
    public static void check(boolean condition, String signature, String message) {
        if (!condition) {
            throw new PropertyAssertionError(signature, message);
        }
    }
}
