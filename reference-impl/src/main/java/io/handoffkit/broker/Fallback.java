package io.handoffkit.broker;

import io.handoffkit.wire.Rejection;
import java.util.Objects;
import java.util.Optional;

/**
 * A recorded fallback to reconnect (ORCH-2): the stage it happened in, why, a
 * human detail, what could not be undone, and the typed rejection when a check produced one.
 */
public record Fallback(
        HandoffStage stage,
        FallbackReason reason,
        String detail,
        Unrecoverable unrecoverable,
        Optional<Rejection> rejection) {

    public Fallback {
        Objects.requireNonNull(stage, "stage");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(detail, "detail");
        Objects.requireNonNull(unrecoverable, "unrecoverable");
        Objects.requireNonNull(rejection, "rejection");
    }

    /** A fallback before any token was issued or any transport touched. */
    static Fallback atAdmission(FallbackReason reason, String detail) {
        return new Fallback(HandoffStage.ADMIT, reason, detail, new Unrecoverable.Nothing(), Optional.empty());
    }
}
