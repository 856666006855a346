package io.handoffkit.ack;

import io.handoffkit.wire.ReasonCode;
import io.handoffkit.wire.Rejection;

/** What {@link AckRegistry#acknowledge} did with an observed ACK. */
public sealed interface Acknowledgement {

    /** On time and the first ACK for this token: the handoff is complete and the token revoked (REG-2). */
    record Acknowledged(PendingAck entry) implements Acknowledgement {}

    /**
     * No entry for this token: never registered, already acknowledged, abandoned or
     * expired (REG-3). Carries no rejection: there is no handoff left to judge.
     */
    record NotPending() implements Acknowledgement {}

    /** Observed after the deadline: the entry is removed and the token revoked (REG-4). */
    record Late(PendingAck entry, long observedAtNanos) implements Acknowledgement {

        public Rejection rejection() {
            return new Rejection(ReasonCode.LATE, "REG-4", "backend HandoffAck arrived after the ACK deadline");
        }
    }
}
