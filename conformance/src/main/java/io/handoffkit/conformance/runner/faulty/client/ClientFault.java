package io.handoffkit.conformance.runner.faulty.client;

import io.handoffkit.conformance.runner.faulty.Flaw;
import java.util.Set;

/**
 * The catalogue of deliberately faulty clients: each breaks exactly one rule of SPEC.md and
 * nothing else. {@link #failing} is every case of the client suite that fails for it (the
 * self-validation matrix, pinned by {@code FaultyClientsTest}).
 */
public enum ClientFault implements Flaw.Catalogued {

    NONE("no fault: the client done right", "", Set.of()),
    ADOPTS_REFUSED_RELAY("adopts a relay that says accepted=false", "RELAY-3",
            Set.of("client/RELAY-3/1", "client/RELAY-5/13", "client/RELAY-1/p1")),
    SKIPS_TOKEN_ECHO("does not compare the relay's token with the negotiated one", "RELAY-2",
            Set.of("client/RELAY-2/1", "client/RELAY-2/2", "client/RELAY-5/11", "client/RELAY-5/12", "client/RELAY-1/p1")),
    CHECKS_CORRELATION("requires the relay's correlation id to be Negotiated.connection_id", "RELAY-4",
            Set.of("client/RELAY-4/1", "client/RELAY-4/2")),
    WAITS_FOREVER("waits for the relay with no bound", "CLIENT-4",
            Set.of("client/CLIENT-4/3", "client/CLIENT-4/4", "client/RELAY-5/14")),
    NO_WAIT("never waits for the relay: always reconnects through backend_pipe at once", "CLIENT-6",
            Set.of("client/CLIENT-6/1", "client/CLIENT-6/2", "client/CLIENT-6/3", "client/CLIENT-4/1", "client/CLIENT-7/1", "client/DEC-3/1",
                    "client/RELAY-4/1", "client/RELAY-4/2")),
    WAITS_WITHOUT_HANDOFF("waits for a relay even when Negotiated has no bit 0 or no token", "CLIENT-3",
            Set.of("client/CLIENT-3/1", "client/CLIENT-3/2", "client/CLIENT-3/3")),
    EOF_IS_SUCCESS("takes end of stream before the relay for an adoption", "CLIENT-4",
            Set.of("client/CLIENT-4/5", "client/RELAY-5/15")),
    SWALLOWS_EARLY_BYTES("reads the relay through a buffer and drops the backend's bytes that came with it", "CLIENT-5",
            Set.of("client/CLIENT-5/1")),
    NEVER_SETS_BIT0("never sets capability bit 0 in its Hello (but adopts)", "HELLO-3",
            Set.of("client/HELLO-3/1")),
    DIALS_EMPTY_PIPE("on an empty backend_pipe dials the last backend_pipe it knew", "CLIENT-7",
            Set.of("client/CLIENT-7/2", "client/CLIENT-7/3")),
    IGNORES_REPLY_KIND("takes a reply of any kind and payload protocol for a HelloReply", "CLIENT-2",
            Set.of("client/CLIENT-2/3"));

    private final Flaw flaw;

    ClientFault(String description, String requirement, Set<String> failing) {
        this.flaw = new Flaw(description, requirement, failing);
    }

    @Override
    public Flaw flaw() {
        return flaw;
    }
}
