package io.handoffkit.conformance.runner.model;

import java.time.Duration;
import java.util.List;

/** Counts and time of one section of a run. */
public record SectionSummary(Section section, int cases, int passed, int failedMust, int failedShould, int skipped, int expected, Duration time) {

    public static SectionSummary of(Section section, List<CaseResult> results, Duration time) {
        int passed = 0;
        int must = 0;
        int should = 0;
        int skipped = 0;
        int expected = 0;
        for (CaseResult r : results) {
            switch (r.verdict()) {
                case PASSED -> passed++;
                case SKIPPED -> skipped++;
                case FAILED -> {
                    if (r.expectedFailure()) {
                        expected++;
                    } else if (r.definition().must()) {
                        must++;
                    } else {
                        should++;
                    }
                }
            }
        }
        return new SectionSummary(section, results.size(), passed, must, should, skipped, expected, time);
    }

    public int failed() {
        return failedMust + failedShould + expected;
    }
}
