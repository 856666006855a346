package io.handoffkit.conformance.runner.targets;

import io.handoffkit.conformance.runner.model.Durations;
import io.handoffkit.conformance.runner.model.Endpoint;
import io.handoffkit.conformance.runner.model.Timing;
import io.handoffkit.broker.FailureRateLimit;
import io.handoffkit.transport.unix.ReferenceBroker;
import java.time.Duration;
import java.util.List;

/**
 * The bundled reference broker ({@code ReferenceBroker}), started in this JVM on a temporary
 * {@code {socket}}, dialling the runner at {@code {backend}}: real sockets, real descriptors. Its
 * ACK deadline is short so the deadline cases finish fast, with no pause after failed handoffs
 * (BPROFILE-2); the run's ACK bound ({@link Timing#ackTimeout()}) is set to match unless given.
 */
public final class ReferenceBrokerTarget implements Target {

    /** The reference's ACK deadline for a run (its production default is 5 s). */
    public static final Duration ACK_DEADLINE = Duration.ofMillis(300);

    private final InProcessTarget inProcess;
    private final Duration ackDeadline;

    public ReferenceBrokerTarget(Duration ackDeadline) {
        this.ackDeadline = ackDeadline;
        this.inProcess = InProcessTarget.withEndpoints(
                "reference: the bundled ReferenceBroker in process (ACK deadline " + Durations.format(ackDeadline) + ")",
                at -> ReferenceBroker.builder(at.path("socket"), at.path("backend")).ackDeadline(ackDeadline)
                        .failureLimit(FailureRateLimit.unlimited()).start());
    }

    public ReferenceBrokerTarget() {
        this(ACK_DEADLINE);
    }

    @Override
    public String describe() {
        return inProcess.describe();
    }

    @Override
    public RunningTarget start(List<Endpoint> endpoints) throws TargetException {
        return inProcess.start(endpoints);
    }

    /** The broker's ACK deadline is the run's ACK bound. */
    @Override
    public Timing timing(Timing defaults) {
        return defaults.withAckTimeout(ackDeadline);
    }
}
