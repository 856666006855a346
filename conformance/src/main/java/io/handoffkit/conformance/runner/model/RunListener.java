package io.handoffkit.conformance.runner.model;

import java.util.List;

/** Told about a run as it goes (the console's progress). */
public interface RunListener {

    default void started(String target, RunOptions options, int cases) {}

    default void scenarioFinished(Scenario<?> scenario, List<CaseResult> results) {}

    /** Something worth saying that is not a case (the implementation was restarted, ...). */
    default void note(String message) {}

    RunListener NONE = new RunListener() {};
}
