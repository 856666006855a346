package io.handoffkit.conformance.runner.model;

import io.handoffkit.conformance.runner.drive.broker.BrokerSide;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Optional;

/**
 * What a scenario and its checks can use: the backend's socket, the broker side that records the
 * transcript, the time bounds and the property settings; and, once the scenario ran, whether the
 * backend still serves (the runner's liveness probe, judged by the PROFILE-5 cases).
 */
public final class ScenarioContext {

    private final Path socket;
    private final RunOptions options;
    private final Transcript transcript;
    private final BrokerSide broker;
    private final PrintStream log;
    private Optional<String> stoppedServing = Optional.empty();
    private volatile boolean abandoned;

    public ScenarioContext(Path socket, RunOptions options, PrintStream log) {
        this.socket = socket;
        this.options = options;
        this.transcript = new Transcript();
        this.broker = new BrokerSide(socket, options.timing(), transcript);
        this.log = log;
    }

    public Path socket() {
        return socket;
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

    public BrokerSide broker() {
        return broker;
    }

    /** Where property runs print their statistics and counterexamples (the verbose console, or nowhere). */
    public PrintStream log() {
        return log;
    }

    /** Empty when the backend answered a valid handoff after this scenario; else what went wrong. */
    public Optional<String> stoppedServing() {
        return stoppedServing;
    }

    /** The runner gave up waiting for this scenario (its backend is stopped and, if possible, started again). */
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
