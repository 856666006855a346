package io.handoffkit.conformance.runner.targets;

import io.handoffkit.broker.FailureRateLimit;
import io.handoffkit.conformance.runner.model.Durations;
import io.handoffkit.conformance.runner.model.Timing;
import io.handoffkit.profile.Profile;
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
    /** The reference's bound on reading a Hello for a run (its production default is 30 s, BPROFILE-5): the run's idle bound. */
    public static final Duration HELLO_DEADLINE = Duration.ofMillis(500);

    private ReferenceBrokerTarget() {}

    /** @param profile how the broker bounds its ACK read (ACK-7 or ACK-9) */
    public static Target of(Duration ackDeadline, Profile profile) {
        return InProcessTarget.withEndpoints(
                        "reference: the bundled ReferenceBroker in process (profile " + profile.id() + ", ACK deadline "
                                + Durations.format(ackDeadline) + ")",
                        at -> ReferenceBroker.builder(at.path("socket"), at.path("backend")).ackDeadline(ackDeadline)
                                .helloDeadline(HELLO_DEADLINE).profile(profile).failureLimit(FailureRateLimit.unlimited()).start())
                .withTiming(t -> t.withAckTimeout(ackDeadline).withIdleBound(HELLO_DEADLINE));
    }
}
