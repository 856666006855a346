package io.handoffkit.broker;

import io.handoffkit.proto.v1.Frame;

/** How one handoff ended. Never an exception (ORCH-5). */
public sealed interface HandoffOutcome {

    /**
     * The backend accepted in time. The caller writes {@code readyRelay} (EVENT, the
     * backend's HandoffAck bytes verbatim) to the client's original connection.
     */
    record Completed(AckReceived ack, Frame readyRelay) implements HandoffOutcome {}

    /** The handoff was abandoned: write nothing to the client, whose bounded wait then reconnects. */
    record FellBack(Fallback fallback) implements HandoffOutcome {}
}
