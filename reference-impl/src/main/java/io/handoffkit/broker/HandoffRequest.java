package io.handoffkit.broker;

import io.handoffkit.ack.BackendIdentity;
import java.util.Objects;

/** One client connection to hand to a backend, as the broker knows it after Hello. */
public record HandoffRequest(String service, long backendPid, long correlationId, boolean clientAdvertisedHandlePassing) {

    public HandoffRequest {
        Objects.requireNonNull(service, "service");
    }

    public BackendIdentity backend() {
        return new BackendIdentity(service, backendPid);
    }
}
