package io.handoffkit.transport.unix;

import io.handoffkit.broker.Fallback;
import io.handoffkit.broker.HandoffOutcome;
import java.util.Objects;

/** What {@link UnixBrokerHandoff#handOff} did with the client connection. */
public sealed interface BrokerResult {

    /**
     * The backend adopted the connection, the ready relay was written to the client, and the
     * broker's own descriptor was closed (without shutdown): the connection now belongs to the
     * backend and the broker's socket object must not be used again (closing it is harmless).
     */
    record HandedOff(HandoffOutcome.Completed outcome) implements BrokerResult {
        public HandedOff {
            Objects.requireNonNull(outcome, "outcome");
        }
    }

    /**
     * The backend adopted the connection but writing the ready relay to the client failed (the
     * client went away). The broker's descriptor was closed all the same: the backend owns the
     * connection, and the client, having seen no relay, reconnects (RELAY-5).
     */
    record RelayFailed(HandoffOutcome.Completed outcome, String detail) implements BrokerResult {
        public RelayFailed {
            Objects.requireNonNull(outcome, "outcome");
            Objects.requireNonNull(detail, "detail");
        }
    }

    /**
     * The handoff was abandoned (ORCH-2): nothing was written to the client (RELAY-6) and the
     * client connection is untouched and fully usable by the broker, which can still tell the
     * client to reconnect. {@code fallback().unrecoverable()} says whether the backend may also
     * hold a copy of the descriptor.
     */
    record FellBack(Fallback fallback) implements BrokerResult {
        public FellBack {
            Objects.requireNonNull(fallback, "fallback");
        }
    }
}
