package io.handoffkit.conformance.runner.suite;

import io.handoffkit.conformance.runner.model.ProtocolRole;
import io.handoffkit.conformance.runner.model.Suite;
import io.handoffkit.conformance.runner.suite.backend.BackendSuite;
import java.util.List;
import java.util.Optional;

/** Every suite the runner has, one per role under test ({@code run --role}). Today: the backend suite. */
public final class Suites {

    private static final List<Suite> ALL = List.of(BackendSuite.SUITE);

    private Suites() {}

    public static List<Suite> all() {
        return ALL;
    }

    /** The suite of {@code role}; empty while that role has none yet. */
    public static Optional<Suite> of(ProtocolRole role) {
        return ALL.stream().filter(s -> s.role() == role).findFirst();
    }
}
