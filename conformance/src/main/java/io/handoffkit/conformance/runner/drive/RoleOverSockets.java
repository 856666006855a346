package io.handoffkit.conformance.runner.drive;

import io.handoffkit.conformance.property.RoleUnderTest;
import io.handoffkit.conformance.runner.model.Transcript;
import java.util.List;

/**
 * The property core's {@link RoleUnderTest} played by an implementation over real sockets, one
 * real exchange (or a few) per verdict, through a driver: how many exchanges it made, and the
 * transcripts of the last few (for a failing property: the shrunk counterexample's).
 */
public interface RoleOverSockets extends RoleUnderTest {

    /** How many real exchanges were made. */
    int exchanges();

    /** The transcripts of the last few verdicts. */
    List<Transcript> recentTranscripts();
}
