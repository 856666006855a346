package io.handoffkit.transport.unix;

import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;

/**
 * A snapshot of the reference broker: client connections by outcome, the connections being served
 * right now, and the tokens and ACK entries still pending (both 0 once every handoff has ended, ORCH-3).
 */
public record BrokerStats(Map<ClientOutcome, Long> outcomes, int openClients, int pendingTokens, int pendingAcks) {

    public BrokerStats {
        EnumMap<ClientOutcome, Long> copy = new EnumMap<>(ClientOutcome.class);
        copy.putAll(outcomes);
        outcomes = Collections.unmodifiableMap(copy);
    }

    public long count(ClientOutcome outcome) {
        return outcomes.getOrDefault(outcome, 0L);
    }
}
