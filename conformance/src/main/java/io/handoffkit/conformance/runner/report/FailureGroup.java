package io.handoffkit.conformance.runner.report;

import io.handoffkit.conformance.runner.model.CaseResult;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Failing cases that observed the same thing: their checks gave the same explanation. One root
 * cause (a backend that shuts every refused connection down, say) fails many cases of several
 * requirements with one explanation; the reports name it once, with the count, the case IDs and
 * one reproduce line for the first case. Groups keep the order in which the run first met them.
 */
public record FailureGroup(String explanation, List<CaseResult> cases) {

    public FailureGroup {
        cases = List.copyOf(cases);
    }

    /** The failing cases of {@code results}, grouped by explanation. */
    public static List<FailureGroup> of(List<CaseResult> results) {
        Map<String, List<CaseResult>> byExplanation = new LinkedHashMap<>();
        for (CaseResult r : results) {
            if (r.failed()) {
                byExplanation.computeIfAbsent(r.message(), m -> new ArrayList<>()).add(r);
            }
        }
        List<FailureGroup> groups = new ArrayList<>();
        byExplanation.forEach((message, cases) -> groups.add(new FailureGroup(message, cases)));
        return groups;
    }

    /** The case whose reproduce line stands for the group. */
    public CaseResult first() {
        return cases.get(0);
    }

    public List<String> ids() {
        return cases.stream().map(c -> c.definition().id()).toList();
    }

    /** The requirements the cases check, in ID order ({@code OFFER-3, OFFER-7, PROFILE-2}). */
    public List<String> requirements() {
        return List.copyOf(cases.stream().map(c -> c.definition().requirement().id()).collect(Collectors.toCollection(TreeSet::new)));
    }

    /** {@code MUST}, {@code SHOULD}, or both; {@code expected} when the expected-failure list names every case. */
    public String level() {
        String levels = String.join(" and ", cases.stream().map(c -> c.definition().level().name()).distinct().sorted().toList());
        return levels + (cases.stream().allMatch(CaseResult::expectedFailure) ? ", expected" : "");
    }

    /** The explanation's first line: the headline of what was observed. */
    public String headline() {
        int nl = explanation.indexOf('\n');
        return nl < 0 ? explanation : explanation.substring(0, nl);
    }
}
