package io.handoffkit.broker;

/**
 * Why a handoff fell back to the {@code backend_pipe} reconnect (SPEC §8). A
 * fallback is never a client error: the client's bounded wait expires and it reconnects.
 */
public enum FallbackReason {
    /** The client's Hello lacked capability bit 0: it could not adopt a passed connection. */
    CLIENT_NO_HANDLE_PASSING,
    /** An operator switched handoff off for this service. */
    SERVICE_POLICY_DISABLED,
    /** The broker is short of descriptors; a serve loop decides this before calling an orchestrator. */
    FD_PRESSURE,
    /** The backend was adopted by a restarted broker rather than spawned by it; a serve loop decides this. */
    BACKEND_ADOPTED_AFTER_RESTART,
    /** Windows: the broker may not duplicate a handle into the backend process. */
    PERMISSION_DENIED,
    /** The ACK did not arrive by the deadline (late, or the bounded read ran out). */
    BACKEND_ACK_TIMEOUT,
    /** This backend failed too many handoffs recently; spare it (and the client's wait) for a while. */
    RATE_LIMITED,
    /** The token store holds its maximum of pending tokens. */
    TOKEN_STORE_FULL,
    /** Every freshly drawn token was already pending: the random source is suspect. */
    TOKEN_COLLISION,
    /** Windows: DuplicateHandle into the backend failed for another reason than permission. */
    DUPLICATE_FAILED,
    /** Unix: the descriptor send or the offer write failed (or ended indeterminately). */
    SEND_FAILED,
    /** Windows: writing the offer to the backend failed. */
    DELIVERY_FAILED,
    /** The backend's answer failed the broker's ACK check (malformed, mismatched, refused). */
    ACK_NOT_OBSERVED,
    /** A valid ACK came back but the registry no longer held the handoff (expired by a sweep or abandoned meanwhile). */
    ACK_NOT_PENDING,
    /** A transport threw instead of reporting a result; caught so a failed handoff never escapes as an exception. */
    UNEXPECTED_EXCEPTION
}
