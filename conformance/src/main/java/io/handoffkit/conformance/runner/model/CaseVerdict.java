package io.handoffkit.conformance.runner.model;

/** How a case ended. */
public enum CaseVerdict {
    PASSED,
    FAILED,
    /** not applicable this time: its precondition did not hold, and the case that judges that failed */
    SKIPPED
}
