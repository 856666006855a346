package io.handoffkit.backend;

import io.handoffkit.proto.v1.HandoffAck;
import io.handoffkit.wire.Rejection;
import java.util.Optional;

/** What one serve step did with an offer. */
public sealed interface OfferOutcome {

    /** The offer never became decodable: no ACK was written; drop the connection, close the descriptor. */
    record Malformed(Rejection rejection) implements OfferOutcome {}

    /** An ACK was written; adopt the descriptor only when {@code judgement} is empty. */
    record Answered(OfferReceived offer, HandoffAck ack, Optional<Rejection> judgement) implements OfferOutcome {
        public boolean accepted() {
            return judgement.isEmpty();
        }
    }
}
