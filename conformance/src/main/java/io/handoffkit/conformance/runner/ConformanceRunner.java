package io.handoffkit.conformance.runner;

import io.handoffkit.conformance.runner.model.Case;
import io.handoffkit.conformance.runner.model.CaseResult;
import io.handoffkit.conformance.runner.model.CaseVerdict;
import io.handoffkit.conformance.runner.model.Durations;
import io.handoffkit.conformance.runner.model.Errors;
import io.handoffkit.conformance.runner.model.ExpectedFailures;
import io.handoffkit.conformance.runner.model.Outcome;
import io.handoffkit.conformance.runner.model.RunListener;
import io.handoffkit.conformance.runner.model.RunOptions;
import io.handoffkit.conformance.runner.model.RunResult;
import io.handoffkit.conformance.runner.model.Scenario;
import io.handoffkit.conformance.runner.model.Scenario.Judged;
import io.handoffkit.conformance.runner.model.ScenarioContext;
import io.handoffkit.conformance.runner.model.Section;
import io.handoffkit.conformance.runner.model.SectionSummary;
import io.handoffkit.conformance.runner.model.Suite;
import io.handoffkit.conformance.runner.model.Timing;
import io.handoffkit.conformance.runner.model.Transcript;
import io.handoffkit.conformance.runner.targets.RunningTarget;
import io.handoffkit.conformance.runner.targets.Target;
import io.handoffkit.conformance.runner.targets.TargetException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;

/**
 * Runs a suite against a target: each scenario once, then a liveness probe (the suite's plain valid
 * exchange, which must get an answer; the survival cases judge it), then the scenario's cases. An
 * implementation that stopped serving is started again when the target allows it, so one crash
 * fails the case that caused it rather than every case after it.
 */
public final class ConformanceRunner {

    private static final ExecutorService SCENARIOS = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "handoff-kit-scenario");
        t.setDaemon(true);
        return t;
    });

    private final Suite suite;
    private final Target target;
    private final RunOptions options;
    private final RunListener listener;
    private final PrintStream propertyLog;
    private final Optional<ExpectedFailures> expected;

    /**
     * @param expected the expected-failure list, when one was given (even an empty one: then every
     *     failing case is a mismatch and the corrected list is printed)
     * @param propertyLog where the property-driven cases print their statistics and counterexamples
     */
    public ConformanceRunner(Suite suite, Target target, RunOptions options, Optional<ExpectedFailures> expected, RunListener listener,
            PrintStream propertyLog) {
        this.suite = suite;
        this.target = target;
        this.options = options;
        this.expected = expected;
        this.listener = listener;
        this.propertyLog = propertyLog;
    }

    public ConformanceRunner(Suite suite, Target target, RunOptions options) {
        this(suite, target, options, Optional.empty(), RunListener.NONE, new PrintStream(OutputStream.nullOutputStream()));
    }

    /** Run; a target that cannot be started at all is a {@link TargetException} (a setup error). */
    public RunResult run() throws TargetException {
        List<Scenario<?>> scenarios = suite.selected(options);
        int caseCount = options.onlyCase().isPresent() ? 1 : scenarios.stream().mapToInt(s -> s.cases().size()).sum();
        Instant started = Instant.now();
        long t0 = System.nanoTime();
        listener.started(target.describe(), options, caseCount);
        List<String> notes = new ArrayList<>();
        List<Case> outside = suite.outsideProfile(options);
        if (!outside.isEmpty()) {
            notes.add(outside.size() + " cases did not run: their scenarios rest on a requirement that profile "
                    + options.profile().id() + " does not have (" + outside.stream().map(Case::id).collect(Collectors.joining(", ")) + ")");
        }
        List<CaseResult> results = new ArrayList<>();
        Map<Section, Duration> times = new HashMap<>();
        RunningTarget running = target.start(suite.endpoints());
        try {
            for (Scenario<?> scenario : scenarios) {
                long s0 = System.nanoTime();
                List<CaseResult> scenarioResults;
                if (running == null) {
                    scenarioResults = unrunnable(scenario, "the " + suite.role().id() + " is gone and could not be started again");
                } else {
                    ScenarioContext ctx = new ScenarioContext(running.endpoints(), options, propertyLog);
                    scenarioResults = runOne(scenario, ctx, running);
                    if (ctx.stoppedServing().isPresent()) {
                        String stopped = ctx.stoppedServing().get();
                        // the liveness probe may already say how the process ended; say it once
                        String why = running.exited().filter(e -> !stopped.contains(e)).map(e -> " (its process " + e + ")").orElse("");
                        String note = "the " + suite.role().id() + " stopped serving after scenario \"" + scenario.name() + "\"" + why + ": "
                                + stopped;
                        running.close();
                        running = null;
                        if (target.restartable()) {
                            try {
                                running = target.start(suite.endpoints());
                                note += "; started it again";
                            } catch (TargetException e) {
                                note += "; starting it again failed: " + e.getMessage();
                            }
                        }
                        notes.add(note);
                        listener.note(note);
                    }
                }
                Duration took = Duration.ofNanos(System.nanoTime() - s0);
                times.merge(scenario.section(), took, Duration::plus);
                if (options.onlyCase().isPresent()) {
                    String id = options.onlyCase().get();
                    scenarioResults = scenarioResults.stream().filter(r -> r.definition().id().equals(id)).toList();
                }
                scenarioResults = scenarioResults.stream()
                        .map(r -> r.expected(r.failed() && expected.map(e -> e.lists(r.definition().id())).orElse(false)))
                        .toList();
                results.addAll(scenarioResults);
                listener.scenarioFinished(scenario, scenarioResults);
            }
        } finally {
            if (running != null) {
                running.close();
            }
        }
        List<SectionSummary> sections = new ArrayList<>();
        for (Section section : suite.sections()) {
            List<CaseResult> in = results.stream().filter(r -> r.definition().section() == section).toList();
            if (!in.isEmpty()) {
                sections.add(SectionSummary.of(section, in, times.getOrDefault(section, Duration.ZERO)));
            }
        }
        Set<String> allIds = suite.cases().stream().map(Case::id).collect(Collectors.toSet());
        Optional<ExpectedFailures.Comparison> comparison = expected.map(e -> e.compare(results, allIds));
        return new RunResult(target.describe(), options, started, Duration.ofNanos(System.nanoTime() - t0), results, sections,
                notes, target.output(), comparison, target.printed());
    }

    private <O> List<CaseResult> runOne(Scenario<O> scenario, ScenarioContext ctx, RunningTarget running) {
        long s0 = System.nanoTime();
        O observed = null;
        String error = null;
        Future<O> body = SCENARIOS.submit(() -> scenario.body().run(ctx));
        try {
            observed = scenario.section().propertyDriven() ? body.get() : body.get(limit().toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            // a write the implementation never reads, say: the scenario's thread is abandoned (it is stopped below)
            error = "the scenario did not finish within " + Durations.format(limit()) + "; the runner gave up on it";
            ctx.transcript().note(Transcript.Channel.RUNNER, error);
            ctx.abandoned();
        } catch (ExecutionException e) {
            error = "the scenario could not run: " + Errors.message(e.getCause());
            ctx.transcript().note(Transcript.Channel.RUNNER, error);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            error = "the runner was interrupted";
        }
        Duration took = Duration.ofNanos(System.nanoTime() - s0);
        ctx.stoppedServing(ctx.wasAbandoned() ? Optional.of("the runner abandoned the scenario") : liveness(running));
        ctx.transcript().end();
        List<CaseResult> out = new ArrayList<>();
        for (Judged<O> j : scenario.cases()) {
            Outcome outcome;
            if (error != null) {
                outcome = Outcome.fail(error);
            } else {
                try {
                    outcome = j.check().judge(observed, ctx);
                } catch (RuntimeException | AssertionError e) {
                    outcome = Outcome.fail("the check could not judge what happened: " + e);
                }
            }
            out.add(new CaseResult(j.definition(), outcome.verdict(), outcome.message(), ctx.transcript(), took, false));
        }
        return out;
    }

    /** The longest an example scenario may take: each of its few handoffs is bounded by the time bounds. */
    private Duration limit() {
        Timing t = options.timing();
        return t.ackTimeout().plus(t.idleLimit()).plus(t.closeBound().multipliedBy(4)).multipliedBy(4).plusSeconds(10);
    }

    private Optional<String> liveness(RunningTarget running) {
        Optional<String> exited = running.exited();
        if (exited.isPresent()) {
            return Optional.of("its process " + exited.get());
        }
        return suite.stillServes(running.endpoints(), options.timing());
    }

    private static List<CaseResult> unrunnable(Scenario<?> scenario, String why) {
        Transcript t = new Transcript();
        t.note(Transcript.Channel.RUNNER, why);
        return scenario.cases().stream()
                .map(j -> new CaseResult(j.definition(), CaseVerdict.FAILED, why, t, Duration.ZERO, false))
                .toList();
    }
}
