package io.handoffkit.conformance.runner.faulty;

import java.util.Set;

/**
 * What a deliberately faulty implementation gets wrong: the one requirement it violates, in words,
 * and every case of its role's suite that fails for it (the self-validation matrix pins them).
 *
 * @param description one line on the fault
 * @param requirement the one requirement violated; empty for the implementation done right
 * @param failing every case ID that fails against it
 */
public record Flaw(String description, String requirement, Set<String> failing) {

    public Flaw {
        failing = Set.copyOf(failing);
    }

    /** A faulty implementation of a catalogue (the enums of faulty backends, brokers and clients). */
    public interface Catalogued {

        Flaw flaw();

        default String description() {
            return flaw().description();
        }

        /** The one requirement this implementation violates. */
        default String requirement() {
            return flaw().requirement();
        }

        /** Every case that fails against this implementation. */
        default Set<String> failing() {
            return flaw().failing();
        }
    }
}
