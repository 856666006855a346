package io.handoffkit.conformance.runner.model;

import java.time.Duration;

/**
 * A case's result: the verdict with its explanation, the transcript of the scenario it was judged
 * on (shared by the cases of that scenario), the scenario's time, and whether the expected-failure
 * list allowed it to fail.
 */
public record CaseResult(Case definition, CaseVerdict verdict, String message, Transcript transcript, Duration duration, boolean expectedFailure) {

    public boolean failed() {
        return verdict == CaseVerdict.FAILED;
    }

    /** A failure that decides the exit code: a MUST case failed and was not listed as expected. */
    public boolean blocking() {
        return failed() && definition.must() && !expectedFailure;
    }

    /** The same result, allowed to fail when {@code listed} (the expected-failure list names it). */
    public CaseResult expected(boolean listed) {
        return new CaseResult(definition, verdict, message, transcript, duration, listed);
    }
}
