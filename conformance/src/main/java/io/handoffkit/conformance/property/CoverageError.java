package io.handoffkit.conformance.property;

import java.util.Set;

/** Every try passed, but some label the property requires was never hit: the generator does not reach that branch. */
public final class CoverageError extends AssertionError {

    private final Set<String> missing;
    private final long seed;

    CoverageError(String message, Set<String> missing, long seed) {
        super(message);
        this.missing = Set.copyOf(missing);
        this.seed = seed;
    }

    public Set<String> missing() {
        return missing;
    }

    public long seed() {
        return seed;
    }
}
