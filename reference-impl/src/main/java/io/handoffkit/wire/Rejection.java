package io.handoffkit.wire;

import java.util.Objects;

/**
 * A typed, named rejection: the reason code, the SPEC.md requirement it
 * enforces, and a human detail worded as upstream words it.
 */
public record Rejection(ReasonCode reason, String requirement, String detail) {

    public Rejection {
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(requirement, "requirement");
        Objects.requireNonNull(detail, "detail");
    }

    /** The same rejection with the detail prefixed, as a role adds its context ("failed to read ..."). */
    public Rejection withContext(String prefix) {
        return new Rejection(reason, requirement, prefix + detail);
    }

    @Override
    public String toString() {
        return reason + " (" + requirement + "): " + detail;
    }
}
