package io.handoffkit.transport.unix;

import java.util.Map;

/**
 * A snapshot of the reference broker: client connections by outcome, the connections being served
 * right now, and the tokens and ACK entries still pending (both 0 once every handoff has ended, ORCH-3).
 */
public record BrokerStats(Map<ClientOutcome, Long> outcomes, int openClients, int pendingTokens, int pendingAcks) {

    public BrokerStats {
        outcomes = Map.copyOf(outcomes);
    }

    public long count(ClientOutcome outcome) {
        return outcomes.getOrDefault(outcome, 0L);
    }
}
