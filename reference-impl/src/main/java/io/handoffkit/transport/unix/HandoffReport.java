package io.handoffkit.transport.unix;

import io.handoffkit.wire.Rejection;
import java.util.Objects;
import java.util.Optional;

/** One handoff as the backend saw it: how it ended, the typed rejection when a check produced one, and a detail. */
public record HandoffReport(BackendEvent event, Optional<Rejection> rejection, String detail) {

    public HandoffReport {
        Objects.requireNonNull(event, "event");
        Objects.requireNonNull(rejection, "rejection");
        Objects.requireNonNull(detail, "detail");
    }
}
