package io.handoffkit.conformance.vectors;

import io.handoffkit.conformance.verdict.RoleVerdict;

/**
 * Whether a reader's verdict on one vector is what the vector expects, with a
 * one-line explanation: what was expected and what was given (on a pass, the
 * verdict in the same words).
 */
public record VectorOutcome(boolean passed, String explanation, RoleVerdict verdict) {

    @Override
    public String toString() {
        return (passed ? "PASS: " : "FAIL: ") + explanation;
    }
}
