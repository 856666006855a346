package io.handoffkit.conformance.property.suite;

import io.handoffkit.conformance.property.Property;
import io.handoffkit.conformance.property.PropertyAssertionError;
import io.handoffkit.conformance.property.RoleUnderTest;
import io.handoffkit.conformance.property.gen.Defect;
import io.handoffkit.conformance.property.gen.DefectCase;
import io.handoffkit.conformance.property.gen.DefectCases;
import io.handoffkit.conformance.property.gen.Draft;
import io.handoffkit.conformance.property.gen.Exchanges;
import io.handoffkit.conformance.property.gen.Expectation;
import io.handoffkit.conformance.verdict.Role;
import io.handoffkit.conformance.verdict.RoleVerdict;
import io.handoffkit.wire.Rejection;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The role-level properties, built against a {@link RoleUnderTest} so the
 * same properties judge the reference in process (the JUnit suite) and an
 * external implementation (the conformance runner). Every defect property
 * checks both halves: the undamaged exchange is accepted, the damaged one is
 * rejected with exactly the expected reason code and requirement.
 */
public final class HandoffProperties {

    private HandoffProperties() {}

    /** Every generated valid exchange for {@code role} is accepted, and the whole frame is consumed. */
    public static Property<Draft> accepted(Role role, RoleUnderTest sut) {
        List<String> traits = new ArrayList<>(Exchanges.CORRELATION_TRAITS);
        if (role == Role.BACKEND_OFFER) {
            traits.addAll(Exchanges.OFFER_TRAITS);
        }
        return Property.forAll("valid " + role + " exchanges are accepted", Exchanges.valid(role))
                .describedBy(Draft::describe)
                .requireLabels(traits)
                .check((draft, coverage) -> {
                    draft.traits().forEach(coverage::label);
                    byte[] wire = draft.wire();
                    RoleVerdict v = sut.verdict(role, wire, draft.inputs());
                    expectAccepted(v, "valid " + role);
                    PropertyAssertionError.check(v.consumed() == wire.length, "valid " + role + ": consumed != frame length",
                            "consumed " + v.consumed() + " of a " + wire.length + "-byte frame");
                });
    }

    /** A valid exchange with exactly {@code defect}: rejected as the defect says; the undamaged exchange accepted. */
    public static Property<DefectCase> defect(Role role, Defect defect, RoleUnderTest sut) {
        return Property.forAll(defect.title() + " [" + role + "]", DefectCases.single(role, defect))
                .describedBy(DefectCase::describe)
                .requireLabels(defect.variants(role))
                .check((c, coverage) -> {
                    c.decisive().labels().forEach(coverage::label);
                    judge(sut, c);
                });
    }

    /**
     * Two defects from {@code order} at once: the one the role checks first
     * decides the verdict (ENV-5, OFFER-1, ACK-1, RELAY-1).
     */
    public static Property<DefectCase> ordering(String name, Role role, List<Defect> order, RoleUnderTest sut) {
        List<Defect> checks = Defect.checkOrder(role);
        List<Defect> sorted = order.stream().filter(checks::contains).sorted(Comparator.comparingInt(checks::indexOf)).toList();
        Set<String> required = new LinkedHashSet<>();
        for (Defect first : sorted) {
            if (!DefectCases.partners(sorted, first).isEmpty()) {
                required.add("first: " + first.title());
            }
            if (!DefectCases.predecessors(sorted, first).isEmpty()) {
                required.add("then: " + first.title());
            }
        }
        return Property.forAll(name + " [" + role + "]", DefectCases.ordered(role, order))
                .describedBy(DefectCase::describe)
                .requireLabels(required)
                .triesFactor(required.size() > 8 ? 4 : 1)
                .check((c, coverage) -> {
                    coverage.label("first: " + c.applied().get(0).defect().title());
                    coverage.label("then: " + c.applied().get(1).defect().title());
                    judge(sut, c);
                });
    }

    /** The undamaged exchange is accepted and the damaged one rejected exactly as expected. */
    public static void judge(RoleUnderTest sut, DefectCase c) {
        expectAccepted(sut.verdict(c.role(), c.baselineWire(), c.baselineInputs()), "the undamaged exchange");
        expectRejected(sut.verdict(c.role(), c.wire(), c.inputs()), c.expected(), c.decisive().defect().title());
    }

    public static void expectAccepted(RoleVerdict v, String what) {
        if (v.rejection().isPresent()) {
            Rejection r = v.rejection().get();
            throw new PropertyAssertionError(what + ": rejected as " + r.reason() + " (" + r.requirement() + ")",
                    what + " must be accepted, but was rejected: " + r);
        }
    }

    /** Exactly the expected reason code and requirement, and the spec's wording where it has one. */
    public static void expectRejected(RoleVerdict v, Expectation e, String defect) {
        if (v.rejection().isEmpty()) {
            throw new PropertyAssertionError(defect + ": accepted instead of " + e.reason(),
                    defect + ": expected " + e + ", but it was accepted (decoded: " + v.decoded() + ")");
        }
        Rejection r = v.rejection().get();
        if (r.reason() != e.reason() || !r.requirement().equals(e.requirement())) {
            throw new PropertyAssertionError(
                    defect + ": " + r.reason() + " (" + r.requirement() + ") instead of " + e.reason() + " (" + e.requirement() + ")",
                    defect + ": expected " + e + ", got " + r);
        }
        if (e.detail().isPresent() && !r.detail().contains(e.detail().get())) {
            throw new PropertyAssertionError(defect + ": detail of " + r.reason() + " lacks the spec's wording",
                    defect + ": expected " + e + ", got the detail \"" + r.detail() + "\"");
        }
    }
}
