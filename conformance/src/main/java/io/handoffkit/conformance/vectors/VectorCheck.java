package io.handoffkit.conformance.vectors;

import io.handoffkit.conformance.vectors.VectorSuite.Result;
import io.handoffkit.conformance.vectors.VectorSuite.VectorFile;
import io.handoffkit.conformance.vectors.VectorSuite.VectorTest;
import io.handoffkit.conformance.verdict.Role;
import io.handoffkit.conformance.verdict.RoleEvaluator;
import io.handoffkit.conformance.verdict.RoleVerdict;
import io.handoffkit.wire.ReasonCode;
import io.handoffkit.wire.Rejection;
import java.util.List;
import java.util.Optional;

/**
 * Judges golden vectors. The rules (vectors/README.md, "Result semantics"):
 * <ul>
 *   <li>{@code valid}: accepted, and exactly {@code consumed} bytes read;</li>
 *   <li>{@code invalid}: rejected with exactly {@code reason}, citing exactly
 *       {@code requirement}, and exactly {@code consumed} bytes read;</li>
 *   <li>{@code acceptable}: accepted, or rejected with {@code reason}; either way
 *       exactly {@code consumed} bytes read.</li>
 * </ul>
 * {@link #check} runs the reference ({@link RoleEvaluator}); {@link #judge}
 * applies the same rules to a verdict obtained elsewhere (an external
 * implementation driven by the runner). An implementation without requirement
 * IDs can be judged with {@link #judge(VectorTest, RoleVerdict, boolean)}.
 */
public final class VectorCheck {

    private VectorCheck() {}

    /** Runs the reference's verdict for {@code role} on the vector and judges it. */
    public static VectorOutcome check(Role role, VectorTest test) {
        return judge(test, RoleEvaluator.evaluate(role, test.wire(), test.inputs()));
    }

    /** Every vector of a file, in order. */
    public static List<VectorOutcome> checkAll(VectorFile file) {
        return file.tests().stream().map(t -> check(file.role(), t)).toList();
    }

    /** Judges a verdict against the vector, including the requirement an invalid vector's rejection must cite. */
    public static VectorOutcome judge(VectorTest test, RoleVerdict verdict) {
        return judge(test, verdict, true);
    }

    /**
     * Judges a verdict against the vector.
     *
     * @param checkRequirement whether an {@code invalid} vector's rejection must cite its {@code requirement}
     */
    public static VectorOutcome judge(VectorTest test, RoleVerdict verdict, boolean checkRequirement) {
        String got = describe(verdict);
        String expected = expected(test);
        if (verdict.consumed() != test.consumed()) {
            return new VectorOutcome(false, "expected " + expected + ", got " + got
                    + ": consumed " + verdict.consumed() + " bytes, expected " + test.consumed(), verdict);
        }
        boolean passed = allows(test, verdict.rejection().map(Rejection::reason), verdict.consumed())
                && (!checkRequirement || test.result() != Result.INVALID
                        || verdict.rejection().orElseThrow().requirement().equals(test.requirement()));
        return new VectorOutcome(passed, (passed ? "" : "expected " + expected + ", got ") + got, verdict);
    }

    /**
     * Whether the vector allows a verdict given only as its reason code (empty: accepted) and the bytes
     * consumed: the rules above without the requirement an invalid vector's rejection cites.
     */
    public static boolean allows(VectorTest test, Optional<ReasonCode> reason, int consumed) {
        return consumed == test.consumed() && switch (test.result()) {
            case VALID -> reason.isEmpty();
            case INVALID -> reason.equals(test.reason());
            case ACCEPTABLE -> reason.isEmpty() || reason.equals(test.reason());
        };
    }

    /** What the vector expects, in the words of a failure message: {@code invalid KIND (ENV-2, 47 bytes)}. */
    static String expected(VectorTest test) {
        return switch (test.result()) {
            case VALID -> "valid (" + test.consumed() + " bytes)";
            case INVALID -> "invalid " + test.reason().orElseThrow() + " (" + test.requirement() + ", " + test.consumed() + " bytes)";
            case ACCEPTABLE -> "valid or " + test.reason().orElseThrow() + " (" + test.consumed() + " bytes)";
        };
    }

    private static String describe(RoleVerdict verdict) {
        if (verdict.ok()) {
            return "accepted (" + verdict.consumed() + " bytes)";
        }
        Rejection r = verdict.rejection().orElseThrow();
        return r.reason() + " (" + r.requirement() + ", " + verdict.consumed() + " bytes): " + r.detail();
    }
}
