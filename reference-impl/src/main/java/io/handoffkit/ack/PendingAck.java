package io.handoffkit.ack;

import io.handoffkit.token.Token;
import java.util.Objects;

/** One handoff waiting for its backend's HandoffAck until {@code deadlineNanos} (clock nanos, exclusive: REG-2). */
public record PendingAck(Token token, BackendIdentity backend, long deadlineNanos) {

    public PendingAck {
        Objects.requireNonNull(token, "token");
        Objects.requireNonNull(backend, "backend");
    }

    /** Wrap-around safe, like every nanos comparison of the kit: observed exactly at the deadline is late (REG-4). */
    boolean isOverdueAt(long now) {
        return now - deadlineNanos >= 0;
    }
}
