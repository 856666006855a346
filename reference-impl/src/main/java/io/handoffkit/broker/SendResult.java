package io.handoffkit.broker;

import java.util.Objects;

/** What one SCM_RIGHTS send of the 16 token bytes plus the client descriptor did. */
public sealed interface SendResult {

    /** All 16 bytes and the descriptor went out. */
    record Sent() implements SendResult {}

    /** The send failed before anything went out: the descriptor did not reach the backend. */
    record Failed(String detail) implements SendResult {
        public Failed {
            Objects.requireNonNull(detail, "detail");
        }
    }

    /** 0 < sent < 16 bytes: the descriptor rides the first byte, so it may already be in the backend (ORCH-4). */
    record Indeterminate(String detail) implements SendResult {
        public Indeterminate {
            Objects.requireNonNull(detail, "detail");
        }
    }
}
