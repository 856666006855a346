package io.handoffkit.conformance.properties;

import io.handoffkit.conformance.property.Property;
import io.handoffkit.conformance.property.PropertyReport;
import io.handoffkit.conformance.property.PropertyRunner;
import io.handoffkit.conformance.property.RoleUnderTest;

/** What every property class shares: the runner (tries and seed from -Dhandoff.tries / -Dhandoff.seed) and the implementation under test. */
final class Suite {

    static final PropertyRunner RUNNER = PropertyRunner.fromSystemProperties();

    /** The JUnit suite judges the reference; the conformance runner builds the same properties over an external implementation. */
    static final RoleUnderTest SUT = RoleUnderTest.reference();

    private Suite() {}

    static <T> PropertyReport check(Property<T> property) {
        return RUNNER.run(property);
    }
}
