package io.handoffkit.conformance.runner.suite;

import io.handoffkit.conformance.property.CoverageError;
import io.handoffkit.conformance.property.Property;
import io.handoffkit.conformance.property.PropertyFailedError;
import io.handoffkit.conformance.property.PropertyReport;
import io.handoffkit.conformance.property.PropertyRunner;
import io.handoffkit.conformance.property.RoleUnderTest;
import io.handoffkit.conformance.runner.drive.RoleOverSockets;
import io.handoffkit.conformance.runner.model.Outcome;
import io.handoffkit.conformance.runner.model.RunOptions;
import io.handoffkit.conformance.runner.model.ScenarioContext;
import io.handoffkit.conformance.runner.model.Transcript;
import java.util.function.Function;

/**
 * Runs one of the property core's properties against the implementation under test, through a
 * driver's {@link RoleOverSockets}: {@code --tries} generated cases with {@code --seed}, and
 * on failure the counterexample shrunk against the implementation itself. Any suite's
 * property-driven section uses it.
 */
public final class PropertyCases {

    private PropertyCases() {}

    public static Outcome run(ScenarioContext ctx, RoleOverSockets sut, Function<RoleUnderTest, Property<?>> build) {
        Property<?> property = build.apply(sut);
        RunOptions o = ctx.options();
        PropertyRunner runner = PropertyRunner.of(o.tries(), o.seed())
                .withShrinkBudget(o.shrinkEvaluations(), o.shrinkTime())
                .withOutput(ctx.log())
                // in the CLI's words, not the Maven flag of the property tests
                .withRerun(seed -> "--seed " + seed + " --tries " + o.tries() + " (as the case's reproduce line does)");
        try {
            PropertyReport report = runner.run(property);
            return Outcome.pass(report.tries() + " generated cases passed (" + sut.exchanges() + " handoffs, seed " + o.seed() + ")");
        } catch (CoverageError e) {
            // the generator, not the implementation, missed a variant: worth a note, not a failure
            return Outcome.pass(o.tries() + " generated cases passed (" + sut.exchanges() + " handoffs, seed " + o.seed()
                    + "); note: some variants were not generated: " + e.missing());
        } catch (PropertyFailedError e) {
            return Outcome.fail(e.getMessage().strip() + "\n  (" + sut.exchanges() + " real handoffs, shrinking included)");
        } finally {
            for (Transcript t : sut.recentTranscripts()) {
                ctx.transcript().appendAll(t);
            }
        }
    }
}
