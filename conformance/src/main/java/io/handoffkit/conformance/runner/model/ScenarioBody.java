package io.handoffkit.conformance.runner.model;

/** What a scenario does against the implementation under test; what it returns is what its checks judge. */
@FunctionalInterface
public interface ScenarioBody<O> {

    O run(ScenarioContext context) throws Exception;
}
