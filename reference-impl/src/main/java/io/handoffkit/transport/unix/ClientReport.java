package io.handoffkit.transport.unix;

import io.handoffkit.broker.HelloRefusal;
import java.util.Objects;

/** One client connection as the reference broker saw it, reported when the broker has let it go. */
public sealed interface ClientReport {

    /** The Hello was refused with {@code refusal}. */
    record Refused(HelloRefusal refusal) implements ClientReport {
        public Refused {
            Objects.requireNonNull(refusal, "refusal");
        }
    }

    /** The broker answered {@code reply}; {@code handoff} is what became of the connection (a fallback at admission without a token). */
    record Negotiated(io.handoffkit.proto.v1.Negotiated reply, BrokerResult handoff) implements ClientReport {
        public Negotiated {
            Objects.requireNonNull(reply, "reply");
            Objects.requireNonNull(handoff, "handoff");
        }
    }

    /** The client went away before the broker could answer (a failed write of its reply). */
    record Failed(String detail) implements ClientReport {
        public Failed {
            Objects.requireNonNull(detail, "detail");
        }
    }

    /** How the conversation ended. */
    default ClientOutcome outcome() {
        if (this instanceof Refused) {
            return ClientOutcome.REFUSED;
        }
        if (this instanceof Failed) {
            return ClientOutcome.FAILED;
        }
        Negotiated negotiated = (Negotiated) this;
        if (negotiated.reply().getHandlePassedToken().isEmpty()) {
            return ClientOutcome.NEGOTIATED_WITHOUT_HANDOFF;
        }
        if (negotiated.handoff() instanceof BrokerResult.HandedOff) {
            return ClientOutcome.HANDED_OFF;
        }
        return negotiated.handoff() instanceof BrokerResult.RelayFailed ? ClientOutcome.RELAY_FAILED : ClientOutcome.FELL_BACK;
    }
}
