package io.handoffkit.conformance.runner.model;

/** What a scenario does against the backend; what it returns is what its checks judge. */
@FunctionalInterface
public interface ScenarioBody<O> {

    O run(ScenarioContext context) throws Exception;
}
