package io.handoffkit.fuzz.targets;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import io.handoffkit.conformance.property.Property;
import io.handoffkit.conformance.property.suite.BookkeepingModelProperty;

/**
 * The token store and the ACK registry sharing it (TOKEN-2..TOKEN-7,
 * REG-1..REG-6): the seeded model property of the conformance suite
 * ({@link BookkeepingModelProperty}), with Jazzer choosing the operation
 * sequences, the limits and the clock's jumps. A disagreement with the model
 * is the finding.
 */
public final class BookkeepingTarget {

    private static final Property<BookkeepingModelProperty.Scenario> MODEL = BookkeepingModelProperty.property();

    private BookkeepingTarget() {}

    public static void fuzz(FuzzedDataProvider data) {
        PropertyTargets.run(MODEL, data);
    }
}
