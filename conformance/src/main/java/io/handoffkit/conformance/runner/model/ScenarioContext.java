package io.handoffkit.conformance.runner.model;

import java.io.PrintStream;
import java.util.Optional;

/**
 * What a scenario and its checks can use: the implementation's endpoints, the transcript every
 * driver records into, the run's options and time bounds; and, once the scenario ran, whether the
 * implementation still serves (the runner's liveness probe, judged by the suite's survival cases).
 */
public final class ScenarioContext {

    private final Endpoints endpoints;
    private final RunOptions options;
    private final Transcript transcript;
    private final PrintStream log;
    private Optional<String> stoppedServing = Optional.empty();
    private volatile boolean abandoned;

    public ScenarioContext(Endpoints endpoints, RunOptions options, PrintStream log) {
        this.endpoints = endpoints;
        this.options = options;
        this.transcript = new Transcript();
        this.log = log;
    }

    /** Where the implementation under test is (and where the runner listens, for a role that dials it). */
    public Endpoints endpoints() {
        return endpoints;
    }

    public RunOptions options() {
        return options;
    }

    public Timing timing() {
        return options.timing();
    }

    public Transcript transcript() {
        return transcript;
    }

    /** Where property runs print their statistics and counterexamples (the verbose console, or nowhere). */
    public PrintStream log() {
        return log;
    }

    /** Empty when the implementation answered a plain valid exchange after this scenario; else what went wrong. */
    public Optional<String> stoppedServing() {
        return stoppedServing;
    }

    /** The runner gave up waiting for this scenario (the implementation is stopped and, if possible, started again). */
    public void abandoned() {
        abandoned = true;
    }

    public boolean wasAbandoned() {
        return abandoned;
    }

    /** The runner's liveness probe after the scenario: empty when the implementation still serves. */
    public void stoppedServing(Optional<String> why) {
        this.stoppedServing = why;
    }
}
