package io.handoffkit.conformance.runner.targets;

import io.handoffkit.broker.FailureRateLimit;
import io.handoffkit.conformance.runner.model.Durations;
import io.handoffkit.conformance.runner.model.Timing;
import io.handoffkit.transport.unix.ReferenceBroker;
import java.time.Duration;

/**
 * The bundled reference broker ({@code ReferenceBroker}), started in this JVM on a temporary
 * {@code {socket}}, dialling the runner at {@code {backend}}: real sockets, real descriptors. Its
 * ACK deadline is short so the deadline cases finish fast, with no pause after failed handoffs
 * (BPROFILE-2); the run's ACK bound ({@link Timing#ackTimeout()}) is set to match unless given.
 */
public final class ReferenceBrokerTarget {

    /** The reference's ACK deadline for a run (its production default is 5 s). */
    public static final Duration ACK_DEADLINE = Duration.ofMillis(300);

    private ReferenceBrokerTarget() {}

    public static Target of(Duration ackDeadline) {
        return InProcessTarget.withEndpoints(
                        "reference: the bundled ReferenceBroker in process (ACK deadline " + Durations.format(ackDeadline) + ")",
                        at -> ReferenceBroker.builder(at.path("socket"), at.path("backend")).ackDeadline(ackDeadline)
                                .failureLimit(FailureRateLimit.unlimited()).start())
                .withTiming(t -> t.withAckTimeout(ackDeadline));
    }

    public static Target of() {
        return of(ACK_DEADLINE);
    }
}
