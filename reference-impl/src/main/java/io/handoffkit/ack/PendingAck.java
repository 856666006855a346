package io.handoffkit.ack;

import io.handoffkit.token.Token;
import java.util.Objects;

/** One handoff waiting for its backend's HandoffAck until {@code deadlineNanos} (clock nanos, inclusive). */
public record PendingAck(Token token, BackendIdentity backend, long deadlineNanos) {

    public PendingAck {
        Objects.requireNonNull(token, "token");
        Objects.requireNonNull(backend, "backend");
    }

    /** Wrap-around safe, like every nanos comparison of the kit: observed exactly at the deadline is on time. */
    boolean isOverdueAt(long now) {
        return now - deadlineNanos > 0;
    }
}
