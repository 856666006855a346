package io.handoffkit.broker;

import io.handoffkit.profile.Profile;
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

    /** {@code 0 < sent < 16} bytes: the descriptor rides the first byte, so it may already be in the backend (ORCH-4). */
    record Indeterminate(String detail) implements SendResult {
        public Indeterminate {
            Objects.requireNonNull(detail, "detail");
        }
    }

    /**
     * What a single {@code sendmsg} that returned {@code sent} of the {@code total} token bytes did:
     * all → sent; nothing → failed (a stream socket queues no descriptor without a byte); a short
     * send → indeterminate in 4.6.2 (ORCH-4), an ordinary failed send in 4.5.5 (ORCH-6).
     */
    static SendResult ofCount(int sent, int total, Profile profile) {
        if (sent == total) {
            return new Sent();
        }
        if (sent <= 0) {
            return new Failed("sendmsg sent nothing: the handoff stream's send buffer is full");
        }
        String shortSend = "short send: " + sent + " of " + total + " token bytes went out";
        return profile.shortSendMayHavePassedDescriptor()
                ? new Indeterminate(shortSend + "; the descriptor may already be in the backend")
                : new Failed(shortSend + " (a failed send, as 4.5.5 reports it)");
    }
}
