package io.handoffkit.conformance.runner.model;

import io.handoffkit.conformance.spec.Requirement;
import io.handoffkit.conformance.spec.RequirementId;
import io.handoffkit.conformance.spec.SpecQuotes;
import io.handoffkit.profile.Profile;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * One exchange with the implementation under test and the cases judged on it: the exchange runs
 * once, each case is one requirement's claim about what was observed (h2spec style, one requirement
 * per case), so an implementation that violates one requirement fails that requirement's cases and
 * no others.
 */
public final class Scenario<O> {

    /** A case and its claim. */
    public record Judged<O>(Case definition, Check<O> check) {}

    private final String idPrefix;
    private final String name;
    private final Section section;
    private final ScenarioBody<O> body;
    private final List<Judged<O>> cases = new ArrayList<>();

    /** @param idPrefix the suite's: the first part of the IDs of the cases judged on this scenario */
    public Scenario(String idPrefix, String name, Section section, ScenarioBody<O> body) {
        this.idPrefix = Objects.requireNonNull(idPrefix, "idPrefix");
        this.name = Objects.requireNonNull(name, "name");
        this.section = section;
        this.body = body;
    }

    public String name() {
        return name;
    }

    public Section section() {
        return section;
    }

    public ScenarioBody<O> body() {
        return body;
    }

    public List<Judged<O>> cases() {
        return List.copyOf(cases);
    }

    /** Whether every case judged on it holds under {@code profile} (else the scenario does not run, SPEC "Profiles"). */
    public boolean appliesTo(Profile profile) {
        return cases.stream().allMatch(j -> j.definition().appliesTo(profile));
    }

    /** Add the case {@code <prefix>/<requirement>/<number>}, quoting the requirement from SPEC.md. */
    public Scenario<O> check(RequirementId requirement, int number, String title, Check<O> check) {
        return add(requirement, Integer.toString(number), title, check);
    }

    /** Add the property-driven case {@code <prefix>/<requirement>/p<number>}, quoting the requirement from SPEC.md. */
    public Scenario<O> checkGenerated(RequirementId requirement, int number, String title, Check<O> check) {
        return add(requirement, "p" + number, title, check);
    }

    private Scenario<O> add(RequirementId requirement, String number, String title, Check<O> check) {
        SpecQuotes spec = SpecQuotes.bundled();
        Requirement r = spec.requirement(requirement.id())
                .orElseThrow(() -> new IllegalArgumentException("SPEC.md has no requirement " + requirement));
        Case c = new Case(Case.id(idPrefix, requirement, number), section, requirement, r.level(), r.profile(), title, spec.quote(requirement.id()), name);
        cases.add(new Judged<>(c, check));
        return this;
    }
}
