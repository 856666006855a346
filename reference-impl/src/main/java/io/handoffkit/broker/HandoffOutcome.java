package io.handoffkit.broker;

import io.handoffkit.proto.v1.Frame;

/** How one handoff ended. Never an exception (ORCH-5). */
public sealed interface HandoffOutcome {

    /**
     * The backend accepted in time. The caller writes {@code readyRelay} (EVENT, a HandoffAck
     * the broker built: the token, accepted, the correlation id, FRAMES-3) to the client's
     * original connection.
     */
    record Completed(AckReceived ack, Frame readyRelay) implements HandoffOutcome {}

    /** The handoff was abandoned: write nothing to the client, whose bounded wait then reconnects. */
    record FellBack(Fallback fallback) implements HandoffOutcome {}
}
