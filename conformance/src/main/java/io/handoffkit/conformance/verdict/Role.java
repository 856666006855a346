package io.handoffkit.conformance.verdict;

import java.util.Arrays;
import java.util.Optional;

/** The three readers of a handoff frame, named as on the command line and in the vectors. */
public enum Role {
    BACKEND_OFFER("backend-offer"),
    BROKER_ACK("broker-ack"),
    CLIENT_RELAY("client-relay");

    private final String id;

    Role(String id) {
        this.id = id;
    }

    public String id() {
        return id;
    }

    public static Optional<Role> byId(String id) {
        return Arrays.stream(values()).filter(r -> r.id.equals(id)).findFirst();
    }

    @Override
    public String toString() {
        return id;
    }
}
