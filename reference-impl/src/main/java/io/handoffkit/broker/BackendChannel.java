package io.handoffkit.broker;

import io.handoffkit.proto.v1.HandoffOffer;
import io.handoffkit.token.Token;
import io.handoffkit.wire.Verdict;
import java.io.IOException;

/**
 * The broker-to-backend handoff stream, as both platforms use it after the
 * connection has moved: offer out, ACK back. Injected so orchestration is
 * testable without sockets (a real one writes with FrameWriter and reads with AckCheck).
 */
public interface BackendChannel {

    /** Write the offer frame (kind REQUEST, payload protocol 0xD0FF) and flush. */
    void writeOffer(HandoffOffer offer) throws IOException;

    /** Read and check the backend's ACK, never blocking past {@code deadlineNanos} (clock nanos). */
    Verdict<AckReceived> awaitAck(Token token, long correlationId, long deadlineNanos);
}
