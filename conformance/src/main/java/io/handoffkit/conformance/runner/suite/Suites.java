package io.handoffkit.conformance.runner.suite;

import io.handoffkit.conformance.runner.model.ProtocolRole;
import io.handoffkit.conformance.runner.model.Suite;
import io.handoffkit.conformance.runner.suite.backend.BackendSuite;
import io.handoffkit.conformance.runner.suite.broker.BrokerSuite;
import io.handoffkit.conformance.runner.suite.client.ClientSuite;
import io.handoffkit.conformance.runner.targets.ReferenceBackendTarget;
import io.handoffkit.conformance.runner.targets.ReferenceBrokerTarget;
import io.handoffkit.conformance.runner.targets.ReferenceClientTarget;
import io.handoffkit.conformance.runner.targets.Target;
import java.util.List;
import io.handoffkit.profile.Profile;
import java.util.Optional;

/**
 * Every suite the runner has, one per role under test ({@code run --role}), and the bundled
 * reference of each role, the default target: the backend suite and the reference backend, the broker
 * suite and the reference broker, the client suite and the reference client.
 */
public final class Suites {

    private static final List<Suite> ALL = List.of(BackendSuite.SUITE, BrokerSuite.SUITE, ClientSuite.SUITE);

    private Suites() {}

    public static List<Suite> all() {
        return ALL;
    }

    /**
     * The bundled reference implementation of {@code role}, started in process (the default target),
     * behaving as {@code profile} says where the profiles differ for it; empty where there is none.
     */
    public static Optional<Target> reference(ProtocolRole role, Profile profile) {
        return switch (role) {
            case BACKEND -> Optional.of(new ReferenceBackendTarget());
            case BROKER -> Optional.of(ReferenceBrokerTarget.of(ReferenceBrokerTarget.ACK_DEADLINE, profile));
            case CLIENT -> Optional.of(ReferenceClientTarget.of());
        };
    }

    /** The suite of {@code role}; empty while that role has none yet. */
    public static Optional<Suite> of(ProtocolRole role) {
        return ALL.stream().filter(s -> s.role() == role).findFirst();
    }
}
