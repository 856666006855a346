package io.handoffkit.conformance.property;

import java.time.Duration;
import java.util.Map;

/** What a passing run did: tries, discards, the seed and how often each label was hit. */
public record PropertyReport(
        String property, int tries, int discarded, long seed, Map<String, Integer> labelCounts,
        boolean coverageEnforced, Duration elapsed) {

    public PropertyReport {
        labelCounts = Map.copyOf(labelCounts);
    }
}
