package io.handoffkit.conformance.property.gen;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import io.handoffkit.conformance.property.Generator;
import io.handoffkit.conformance.verdict.Role;
import io.handoffkit.conformance.verdict.RoleInputs;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** Generators of {@link DefectCase}s: a valid exchange plus one defect, or plus two whose order decides. */
public final class DefectCases {

    private DefectCases() {}

    /** A valid exchange for {@code role} with exactly {@code defect}. */
    public static Generator<DefectCase> single(Role role, Defect defect) {
        return oneOf(role, List.of(defect));
    }

    /** A valid exchange for {@code role} with exactly one defect, picked from {@code defects}. */
    public static Generator<DefectCase> oneOf(Role role, List<Defect> defects) {
        List<Defect> usable = defects.stream().filter(d -> d.appliesTo(role)).toList();
        if (usable.isEmpty()) {
            throw new IllegalArgumentException("none of " + defects + " applies to " + role);
        }
        return data -> {
            Draft draft = Exchanges.valid(role, data);
            Defect defect = data.pickValue(usable);
            return build(draft, List.of(defect), data);
        };
    }

    /**
     * Two compatible defects from {@code order} (a sub-list of the role's check
     * order): the earlier one must win. Half the time the earlier one is
     * picked uniformly (then a later partner), half the time the later one
     * (then an earlier partner), so every check both wins and loses often.
     */
    public static Generator<DefectCase> ordered(Role role, List<Defect> order) {
        List<Defect> checks = Defect.checkOrder(role);
        List<Defect> sorted = order.stream().filter(checks::contains).sorted(Comparator.comparingInt(checks::indexOf)).toList();
        List<Defect> firsts = sorted.stream().filter(a -> !partners(sorted, a).isEmpty()).toList();
        List<Defect> seconds = sorted.stream().filter(b -> !predecessors(sorted, b).isEmpty()).toList();
        if (firsts.isEmpty()) {
            throw new IllegalArgumentException("no two compatible defects in " + order + " for " + role);
        }
        return data -> {
            Draft draft = Exchanges.valid(role, data);
            Defect first;
            Defect second;
            if (data.consumeBoolean()) {
                second = data.pickValue(seconds);
                first = data.pickValue(predecessors(sorted, second));
            } else {
                first = data.pickValue(firsts);
                second = data.pickValue(partners(sorted, first));
            }
            return build(draft, List.of(first, second), data);
        };
    }

    /** The defects before {@code second} in {@code sorted} that do not conflict with it. */
    public static List<Defect> predecessors(List<Defect> sorted, Defect second) {
        return sorted.subList(0, sorted.indexOf(second)).stream()
                .filter(a -> !a.conflictsWith(second))
                .toList();
    }

    /** The defects after {@code first} in {@code sorted} that do not conflict with it. */
    public static List<Defect> partners(List<Defect> sorted, Defect first) {
        return sorted.subList(sorted.indexOf(first) + 1, sorted.size()).stream()
                .filter(b -> !b.conflictsWith(first))
                .toList();
    }

    /** Snapshot the undamaged exchange, apply the defects in order, snapshot again. */
    static DefectCase build(Draft draft, List<Defect> defects, FuzzedDataProvider data) {
        byte[] baseline = draft.wire();
        RoleInputs baselineInputs = draft.inputs();
        List<Defect.Applied> applied = new ArrayList<>();
        for (Defect d : defects) {
            applied.add(d.apply(draft, data));
        }
        return new DefectCase(draft.role(), baseline, baselineInputs, draft.wire(), draft.inputs(), applied,
                applied.get(0).expected(), draft.traits());
    }
}
