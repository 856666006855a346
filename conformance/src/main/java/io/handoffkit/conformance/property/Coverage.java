package io.handoffkit.conformance.property;

/**
 * Where a property records which branch, defect variant or edge case a try
 * reached. The runner counts each label once per try, prints the counts and
 * fails the run when a label the property requires was never hit.
 */
@FunctionalInterface
public interface Coverage {

    void label(String label);

    /** Labels nothing: used while shrinking and when a property is replayed. */
    static Coverage ignored() {
        return label -> { };
    }
}
