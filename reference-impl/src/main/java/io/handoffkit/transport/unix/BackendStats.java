package io.handoffkit.transport.unix;

import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;

/** A snapshot of a backend's counters: handoffs by outcome, and what is in flight right now. */
public record BackendStats(Map<BackendEvent, Long> events, int activeHandoffStreams, int activeSessions) {

    public BackendStats {
        EnumMap<BackendEvent, Long> copy = new EnumMap<>(BackendEvent.class);
        copy.putAll(events);
        events = Collections.unmodifiableMap(copy);
    }

    public long count(BackendEvent event) {
        return events.getOrDefault(event, 0L);
    }

    /** One line, {@code EVENT=n} pairs then the in-flight counts, as the reference backend's admin command prints it. */
    public String toLine() {
        StringBuilder line = new StringBuilder();
        for (BackendEvent event : BackendEvent.values()) {
            line.append(event).append('=').append(count(event)).append(' ');
        }
        return line.append("handoffStreams=").append(activeHandoffStreams)
                .append(" sessions=").append(activeSessions).toString();
    }
}
