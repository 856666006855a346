package io.handoffkit.conformance.runner.model;

import java.util.List;

/** One claim about what a scenario observed. */
@FunctionalInterface
public interface Check<O> {

    Outcome judge(O observed, ScenarioContext context);

    /** The survival claim of every suite: after the scenario the implementation still served (the runner's liveness probe). */
    static <O> Check<O> survives() {
        return (o, ctx) -> ctx.stoppedServing().map(why -> Outcome.fail("the implementation stopped serving after this input: " + why))
                .orElseGet(() -> Outcome.pass("a plain valid exchange afterwards was answered"));
    }

    /** The same claim on the exchange at {@code index} of a scenario of several. */
    static <O> Check<List<O>> on(int index, Check<O> check) {
        return (observed, ctx) -> index < observed.size()
                ? check.judge(observed.get(index), ctx)
                : Outcome.skip("the scenario stopped before exchange " + (index + 1));
    }
}
