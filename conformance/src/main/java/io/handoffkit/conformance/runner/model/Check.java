package io.handoffkit.conformance.runner.model;

/** One claim about what a scenario observed. */
@FunctionalInterface
public interface Check<O> {

    Outcome judge(O observed, ScenarioContext context);
}
