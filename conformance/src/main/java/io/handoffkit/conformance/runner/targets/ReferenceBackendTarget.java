package io.handoffkit.conformance.runner.targets;

import io.handoffkit.conformance.runner.model.Durations;
import io.handoffkit.conformance.runner.model.Endpoint;
import io.handoffkit.conformance.runner.model.Timing;
import io.handoffkit.transport.unix.UnixHandoffBackend;
import java.time.Duration;
import java.util.List;

/**
 * The bundled reference backend ({@code UnixHandoffBackend}: accept loop, sideband token policy,
 * adoption with the echo handler), started in this JVM on a temporary socket: real sockets, real
 * descriptors. Its offer deadline is short so the robustness cases finish fast; the run's idle
 * bound is set to match unless given.
 */
public final class ReferenceBackendTarget implements Target {

    /** The reference's offer deadline for a run (its production default is 5 s). */
    public static final Duration OFFER_DEADLINE = Duration.ofMillis(300);
    /** The idle bound that goes with it (PROFILE-6), unless {@code --idle-bound} says otherwise. */
    public static final Duration IDLE_BOUND = Duration.ofSeconds(1);

    private final Duration offerDeadline;
    private final InProcessTarget inProcess;

    public ReferenceBackendTarget(Duration offerDeadline) {
        this.offerDeadline = offerDeadline;
        this.inProcess = new InProcessTarget(describe(offerDeadline),
                socket -> UnixHandoffBackend.builder(socket).offerDeadline(offerDeadline).start());
    }

    public ReferenceBackendTarget() {
        this(OFFER_DEADLINE);
    }

    public Duration offerDeadline() {
        return offerDeadline;
    }

    private static String describe(Duration deadline) {
        return "reference: the bundled UnixHandoffBackend in process (offer deadline " + Durations.format(deadline) + ")";
    }

    @Override
    public String describe() {
        return inProcess.describe();
    }

    @Override
    public RunningTarget start(List<Endpoint> endpoints) throws TargetException {
        return inProcess.start(endpoints);
    }

    /** The idle bound that matches the reference's offer deadline. */
    @Override
    public Timing timing(Timing defaults) {
        return defaults.withIdleBound(IDLE_BOUND);
    }
}
