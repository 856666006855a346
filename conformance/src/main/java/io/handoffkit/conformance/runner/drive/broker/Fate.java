package io.handoffkit.conformance.runner.drive.broker;

import java.util.Optional;

/**
 * What became of one client connection the runner passed to the backend, seen from the runner's
 * two remaining ends: the client end and (until it drops it) the broker's own copy of the passed end.
 */
public sealed interface Fate {

    /**
     * After an accepted ACK the runner dropped its copy (without shutdown) and wrote probe bytes
     * on the client end. {@code echoed}: they came back. {@code endedAfterEcho}: when the plan asked
     * for a longer echo, after the client end stopped sending the backend ended the connection too.
     */
    record Adopted(boolean echoed, String detail, Optional<Boolean> endedAfterEcho) implements Fate {}

    /**
     * After anything but an accepted ACK the runner kept its copy, like a broker that still owns
     * the connection. {@code clientToBroker} / {@code brokerToClient}: probe bytes crossed the
     * connection both ways (it was not shut down and nobody else read them). {@code endAfterDrop}:
     * once the runner dropped its copy, the client end saw end of stream, so no other copy remained
     * (the backend closed its own; no leak, no adoption). {@code failed}: what went wrong (empty when
     * released); {@code held}: the observations that were as required, kept apart so that a failure's
     * explanation does not end in a fact that is fine.
     */
    record Kept(boolean clientToBroker, boolean brokerToClient, boolean endAfterDrop, String failed, String held) implements Fate {

        public boolean released() {
            return clientToBroker && brokerToClient && endAfterDrop;
        }
    }
}
