package io.handoffkit.ack;

import java.util.Objects;

/** The backend a handoff was offered to: the service it serves and its process id. */
public record BackendIdentity(String service, long pid) {

    public BackendIdentity {
        Objects.requireNonNull(service, "service");
    }
}
