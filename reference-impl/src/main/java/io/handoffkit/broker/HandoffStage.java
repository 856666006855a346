package io.handoffkit.broker;

/**
 * Where in a handoff a fallback happened (SPEC §8, ORCH-1). Windows runs
 * DUPLICATE, DELIVER, AWAIT_ACK, ACKNOWLEDGE; Unix runs SEND, AWAIT_ACK,
 * ACKNOWLEDGE. Both start with ADMIT, which the spec leaves unnamed.
 */
public enum HandoffStage {
    /** Policy preconditions, rate limit and token issue: nothing has touched the connection yet. */
    ADMIT,
    /** Windows: DuplicateHandle of the client pipe into the backend process. */
    DUPLICATE,
    /** Windows: the offer frame carrying the duplicated handle value. */
    DELIVER,
    /**
     * Unix: the SCM_RIGHTS send and then the offer frame. The offer write belongs here,
     * not to a separate DELIVER stage, because upstream's Unix stages name none and
     * because a failed offer write leaves the same thing undone as a completed send:
     * the descriptor may already be in the backend.
     */
    SEND,
    /** Reading and checking the backend's HandoffAck, bounded by the ACK deadline. */
    AWAIT_ACK,
    /** The ACK registry's own on-time-once judgement of the observed ACK. */
    ACKNOWLEDGE
}
