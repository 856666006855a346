package io.handoffkit.conformance.property.gen;

import io.handoffkit.wire.ReasonCode;
import java.util.Optional;

/**
 * The verdict a defect must produce: the reason code and the requirement it
 * enforces, and a fragment the human detail must contain where the spec
 * words it ("kind is not RESPONSE", "handoff token length was 3 bytes; expected 16").
 */
public record Expectation(ReasonCode reason, String requirement, Optional<String> detail) {

    public static Expectation of(ReasonCode reason, String requirement) {
        return new Expectation(reason, requirement, Optional.empty());
    }

    public static Expectation of(ReasonCode reason, String requirement, String detail) {
        return new Expectation(reason, requirement, Optional.of(detail));
    }

    @Override
    public String toString() {
        return reason + " (" + requirement + ")" + detail.map(d -> " with detail containing \"" + d + "\"").orElse("");
    }
}
