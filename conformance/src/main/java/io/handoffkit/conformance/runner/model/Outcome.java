package io.handoffkit.conformance.runner.model;

/** A check's judgement of what a scenario observed. */
public record Outcome(CaseVerdict verdict, String message) {

    public static Outcome pass(String message) {
        return new Outcome(CaseVerdict.PASSED, message);
    }

    public static Outcome fail(String message) {
        return new Outcome(CaseVerdict.FAILED, message);
    }

    /** The claim does not apply to what happened (another case judges that); neither a pass nor a failure. */
    public static Outcome skip(String message) {
        return new Outcome(CaseVerdict.SKIPPED, message);
    }
}
