package io.handoffkit.conformance.property;

/**
 * Thrown by {@link Property#assume} when a generated value does not fit the
 * property: the try is skipped, not failed. Generators should rarely need it;
 * a run that discards far more than it tries fails.
 */
public final class Discarded extends RuntimeException {

    Discarded() {
        super("discarded", null, false, false);
    }
}
