package io.handoffkit.conformance.property;

import io.handoffkit.conformance.verdict.Role;
import io.handoffkit.conformance.verdict.RoleEvaluator;
import io.handoffkit.conformance.verdict.RoleInputs;
import io.handoffkit.conformance.verdict.RoleVerdict;

/**
 * The implementation a property judges: given a role, the bytes that role
 * reads and what it knows besides the bytes, its verdict. The properties ask
 * nothing else, so the runner can point them at an external implementation;
 * {@link #reference()} is the kit's own.
 */
@FunctionalInterface
public interface RoleUnderTest {

    RoleVerdict verdict(Role role, byte[] wire, RoleInputs inputs);

    /** The reference implementation, in process. */
    static RoleUnderTest reference() {
        return RoleEvaluator::evaluate;
    }
}
