package io.handoffkit.conformance.runner.model;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What the runner sent and what came back during one scenario, in order, with the instant of
 * each step: the raw bytes for the reports' hex dumps and for {@code --case} reruns. Thread-safe
 * (a trickle and a read may record from different threads).
 */
public final class Transcript {

    /** Where bytes went: the handoff connection to the backend, the client end, the broker's or backend's copy of the passed end, or a connection to the backend pipe. */
    public enum Channel {
        HANDOFF("handoff connection"),
        CLIENT("client end"),
        BROKER_COPY("broker's copy"),
        BACKEND_COPY("backend's copy"),
        BACKEND_PIPE("backend pipe"),
        RUNNER("runner");

        private final String label;

        Channel(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    /** From the runner's point of view. */
    public enum Direction { SENT, RECEIVED, NOTE }

    /** One step; {@code handoff} numbers the handoffs of a scenario from 1. */
    public record Entry(long offsetNanos, int handoff, Channel channel, Direction direction, byte[] bytes, String note) {

        public Entry {
            bytes = bytes.clone();
        }

        @Override
        public byte[] bytes() {
            return bytes.clone();
        }

        int length() {
            return bytes.length;
        }
    }

    private final long origin = System.nanoTime();
    /** The wall-clock instant of {@code origin}: what the implementation printed is stamped on the same clock. */
    private final Instant started = Instant.now();
    private volatile Optional<Instant> ended = Optional.empty();
    private final List<Entry> entries = new ArrayList<>();
    private int handoff;

    /** Start numbering the steps of the next handoff. */
    public synchronized int nextHandoff() {
        return ++handoff;
    }

    public synchronized void sent(Channel channel, byte[] bytes, int off, int len, String note) {
        add(channel, Direction.SENT, java.util.Arrays.copyOfRange(bytes, off, off + len), note);
    }

    public void sent(Channel channel, byte[] bytes, String note) {
        sent(channel, bytes, 0, bytes.length, note);
    }

    public synchronized void received(Channel channel, byte[] bytes, int off, int len) {
        // consecutive reads on one channel become one entry: a frame read byte by byte is one dump
        if (!entries.isEmpty()) {
            Entry last = entries.get(entries.size() - 1);
            if (last.channel() == channel && last.direction() == Direction.RECEIVED && last.handoff() == handoff) {
                byte[] merged = java.util.Arrays.copyOf(last.bytes, last.bytes.length + len);
                System.arraycopy(bytes, off, merged, last.bytes.length, len);
                entries.set(entries.size() - 1, new Entry(last.offsetNanos(), handoff, channel, Direction.RECEIVED, merged, last.note()));
                return;
            }
        }
        add(channel, Direction.RECEIVED, java.util.Arrays.copyOfRange(bytes, off, off + len), "");
    }

    public synchronized void note(Channel channel, String note) {
        add(channel, Direction.NOTE, new byte[0], note);
    }

    /** Append another transcript's entries (a property's last handoffs), renumbering its handoffs after this one's. */
    public void appendAll(Transcript other) {
        List<Entry> theirs = other.entries();
        long shift = other.origin - origin;
        synchronized (this) {
            int base = handoff;
            for (Entry e : theirs) {
                entries.add(new Entry(e.offsetNanos() + shift, base + e.handoff(), e.channel(), e.direction(), e.bytes, e.note()));
                handoff = Math.max(handoff, base + e.handoff());
            }
        }
    }

    /** When the scenario began (the implementation's output from then on, until the next scenario, is its). */
    public Instant started() {
        return started;
    }

    /** The scenario is over, its liveness probe included. */
    public void end() {
        ended = Optional.of(Instant.now());
    }

    /** When the scenario (and its liveness probe) ended; empty for a scenario that never ran. */
    public Optional<Instant> ended() {
        return ended;
    }

    public synchronized List<Entry> entries() {
        return List.copyOf(entries);
    }

    public synchronized boolean isEmpty() {
        return entries.isEmpty();
    }

    /** Total bytes sent by the runner. */
    public synchronized long bytesSent() {
        return entries.stream().filter(e -> e.direction() == Direction.SENT).mapToLong(Entry::length).sum();
    }

    private void add(Channel channel, Direction direction, byte[] bytes, String note) {
        entries.add(new Entry(System.nanoTime() - origin, handoff, channel, direction, bytes, note));
    }
}
