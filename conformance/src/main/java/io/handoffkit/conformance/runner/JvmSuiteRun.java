package io.handoffkit.conformance.runner;

import io.handoffkit.conformance.runner.model.Case;
import io.handoffkit.conformance.runner.model.CaseResult;
import io.handoffkit.conformance.runner.model.CaseVerdict;
import io.handoffkit.conformance.runner.model.RunListener;
import io.handoffkit.conformance.runner.model.RunOptions;
import io.handoffkit.conformance.runner.model.RunResult;
import io.handoffkit.conformance.runner.model.Scenario;
import io.handoffkit.conformance.runner.model.Suite;
import io.handoffkit.conformance.runner.report.Reports;
import io.handoffkit.conformance.runner.report.TranscriptText;
import io.handoffkit.conformance.runner.targets.InProcessTarget;
import io.handoffkit.conformance.runner.targets.TargetException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * What the JVM entry points ({@link JvmBackendSuite}, {@link JvmBrokerSuite}) share: one suite run
 * against an in-process target, run once on first use, and one test per selected case.
 */
final class JvmSuiteRun {

    /** A test body, shaped like JUnit's {@code Executable}. */
    @FunctionalInterface
    interface Body {
        void run() throws Throwable;
    }

    private final Suite suite;
    private final InProcessTarget target;
    private final RunOptions options;
    private final boolean strict;
    private RunResult result;

    JvmSuiteRun(Suite suite, InProcessTarget target, RunOptions options, boolean strict) {
        this.suite = suite;
        this.target = target;
        this.options = options;
        this.strict = strict;
    }

    InProcessTarget target() {
        return target;
    }

    RunOptions options() {
        return options;
    }

    boolean strict() {
        return strict;
    }

    /** One test per selected case, named {@code "<id> (<level>) <title>"}. */
    <T> Stream<T> tests(BiFunction<String, Body, T> factory) {
        List<Case> cases = suite.selected(options).stream().flatMap(s -> s.cases().stream().map(Scenario.Judged::definition)).toList();
        return cases.stream().map(c -> factory.apply(c.id() + " (" + c.level() + ") " + c.title(), () -> check(c)));
    }

    synchronized RunResult run() throws TargetException {
        if (result == null) {
            result = new ConformanceRunner(suite, target, options, Optional.empty(), RunListener.NONE,
                    new PrintStream(OutputStream.nullOutputStream())).run();
        }
        return result;
    }

    private void check(Case c) throws TargetException {
        Map<String, CaseResult> byId = run().results().stream().collect(Collectors.toMap(r -> r.definition().id(), r -> r, (a, b) -> a));
        CaseResult r = byId.get(c.id());
        if (r == null) {
            throw new AssertionError(c.id() + " did not run");
        }
        String explanation = c.id() + " (" + c.level() + ") " + c.title() + "\n  requirement: " + c.quote() + "\n  "
                + r.verdict() + ": " + r.message() + "\n  what the runner sent and received:\n"
                + TranscriptText.render(r.transcript(), Reports.DUMP_BYTES, "    ");
        if (r.failed() && (c.must() || strict)) {
            throw new AssertionError(explanation);
        }
        if (r.verdict() != CaseVerdict.PASSED) {
            System.err.println("warning: " + explanation);
        }
    }
}
