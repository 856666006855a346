package io.handoffkit.fuzz.targets;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import io.handoffkit.conformance.property.Coverage;
import io.handoffkit.conformance.property.Discarded;
import io.handoffkit.conformance.property.Property;
import io.handoffkit.conformance.property.RoleUnderTest;
import io.handoffkit.conformance.property.gen.Defect;
import io.handoffkit.conformance.property.suite.HandoffProperties;
import io.handoffkit.conformance.verdict.Role;
import io.handoffkit.fuzz.oracle.OracleViolation;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The conformance properties as fuzz targets: the same generators (over
 * {@link FuzzedDataProvider}) and the same claims as the seeded property runs,
 * but with Jazzer's coverage guidance choosing the bytes. Per role: every valid
 * exchange is accepted; each single defect gives exactly its verdict (and the
 * undamaged exchange is accepted); two defects give the verdict of the one
 * checked first (the role's full check order, and ENV-5). The first input
 * number picks the property; a failing claim is the finding.
 */
public final class PropertyTargets {

    private static final RoleUnderTest SUT = RoleUnderTest.reference();
    private static final Map<Role, List<Property<?>>> PROPERTIES = new EnumMap<>(Role.class);

    static {
        for (Role role : Role.values()) {
            List<Property<?>> list = new ArrayList<>();
            list.add(HandoffProperties.accepted(role, SUT));
            for (Defect defect : Defect.checkOrder(role)) {
                list.add(HandoffProperties.defect(role, defect, SUT));
            }
            list.add(HandoffProperties.ordering("check order", role, Defect.checkOrder(role), SUT));
            list.add(HandoffProperties.ordering("ENV-5 envelope order", role, Defect.envelopeOrder(), SUT));
            PROPERTIES.put(role, List.copyOf(list));
        }
    }

    private PropertyTargets() {}

    /** The properties one role's target runs, in the order the first input number picks them. */
    public static List<Property<?>> properties(Role role) {
        return PROPERTIES.get(role);
    }

    public static void fuzz(Role role, FuzzedDataProvider data) {
        List<Property<?>> list = PROPERTIES.get(role);
        run(list.get(data.consumeInt(0, list.size() - 1)), data);
    }

    /** One input through one property: a claim that fails, or a generator that throws, is the finding. */
    static <T> void run(Property<T> property, FuzzedDataProvider data) {
        T value;
        try {
            value = property.generator().generate(data);
        } catch (Discarded d) {
            return;
        } catch (RuntimeException e) {
            // generators are total (Generator's contract): a throwing generator is a finding too
            throw new OracleViolation("the generator of property \"" + property.name() + "\" failed", e);
        }
        try {
            property.check().check(value, Coverage.ignored());
        } catch (Discarded d) {
            // Property.assume inside the claim: not applicable
        } catch (Throwable t) {
            throw new OracleViolation("property \"" + property.name() + "\" failed on\n" + property.describe(value), t);
        }
    }
}
