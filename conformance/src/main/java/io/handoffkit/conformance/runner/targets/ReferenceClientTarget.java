package io.handoffkit.conformance.runner.targets;

import io.handoffkit.conformance.runner.model.Durations;
import io.handoffkit.transport.unix.ClientSessions;
import io.handoffkit.transport.unix.ReferenceClient;
import java.time.Duration;

/**
 * The bundled reference client ({@code ReferenceClient} in its session loop, {@code ClientSessions}),
 * started in this JVM, dialling the runner at {@code {socket}}: real sockets, real descriptors. Its
 * relay wait is the shortest a client under test may have (CPROFILE-2), so the timing cases finish fast.
 */
public final class ReferenceClientTarget {

    /** The reference's relay wait for a run (its production default is 2 s, as upstream's). */
    public static final Duration RELAY_WAIT = Duration.ofSeconds(1);

    private ReferenceClientTarget() {}

    public static Target of(Duration relayWait) {
        return InProcessTarget.withEndpoints(
                "reference: the bundled ReferenceClient in process (relay wait " + Durations.format(relayWait) + ")",
                at -> ClientSessions.start(new ReferenceClient(ReferenceClient.Settings.of(at.path("socket")).withRelayWait(relayWait))));
    }

    public static Target of() {
        return of(RELAY_WAIT);
    }
}
