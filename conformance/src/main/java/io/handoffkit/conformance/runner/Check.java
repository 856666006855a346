package io.handoffkit.conformance.runner;

/** One claim about what a scenario observed. */
@FunctionalInterface
public interface Check<O> {

    Outcome judge(O observed, ScenarioContext context);
}
