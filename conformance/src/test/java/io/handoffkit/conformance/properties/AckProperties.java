package io.handoffkit.conformance.properties;

import static io.handoffkit.conformance.properties.Suite.SUT;
import static io.handoffkit.conformance.properties.Suite.check;

import io.handoffkit.broker.AckCheck;
import io.handoffkit.broker.AckReadBound;
import io.handoffkit.broker.AckReceived;
import io.handoffkit.conformance.Proves;
import io.handoffkit.conformance.property.Property;
import io.handoffkit.conformance.property.PropertyAssertionError;
import io.handoffkit.conformance.property.gen.Defect;
import io.handoffkit.conformance.property.gen.Draft;
import io.handoffkit.conformance.property.gen.Exchanges;
import io.handoffkit.conformance.property.suite.HandoffProperties;
import io.handoffkit.conformance.verdict.Role;
import io.handoffkit.profile.Profile;
import io.handoffkit.time.ManualClock;
import io.handoffkit.wire.DeadlineInputStream;
import io.handoffkit.wire.ReasonCode;
import io.handoffkit.wire.Verdict;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.HexFormat;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** SPEC "Broker awaiting the ACK": the broker's checks of the backend's HandoffAck, in the order of ACK-1. */
@DisplayName("ACK check (ACK)")
class AckProperties {

    private static final Role ROLE = Role.BROKER_ACK;

    @Test
    @DisplayName("ACK-1 an ACK that matches the offer (token echo, correlation, accepted, on time) is accepted")
    @Proves({"ACK-1", "FRAMES-2"})
    void matchingAckAccepted() {
        check(HandoffProperties.accepted(ROLE, SUT));
    }

    @Test
    @DisplayName("ACK-2 an ACK frame whose request_id is not the offer's correlation id is rejected as ACK_FRAME_CORRELATION")
    @Proves("ACK-2")
    void frameCorrelation() {
        check(HandoffProperties.defect(ROLE, Defect.ACK_FRAME_CORRELATION, SUT));
    }

    @Test
    @DisplayName("ACK-3 a HandoffAck whose correlation_id is not the offer's is rejected as ACK_CORRELATION")
    @Proves("ACK-3")
    void ackCorrelation() {
        check(HandoffProperties.defect(ROLE, Defect.ACK_CORRELATION, SUT));
    }

    @Test
    @DisplayName("ACK-4 a token echo other than the offered token (any length) is rejected as TOKEN_ECHO")
    @Proves("ACK-4")
    void tokenEcho() {
        check(HandoffProperties.defect(ROLE, Defect.TOKEN_ECHO, SUT));
    }

    @Test
    @DisplayName("ACK-5 accepted=false is rejected as REFUSED: 'backend refused the handoff: <detail or no detail provided>'")
    @Proves("ACK-5")
    void refused() {
        check(HandoffProperties.defect(ROLE, Defect.REFUSED, SUT));
    }

    @Test
    @DisplayName("ACK-6 an ACK observed after the deadline is rejected as LATE")
    @Proves("ACK-6")
    void late() {
        check(HandoffProperties.defect(ROLE, Defect.LATE, SUT));
    }

    @Test
    @DisplayName("ACK-1 with two defects the broker's earlier check wins (frame, decode, envelope, request_id, payload, correlation, echo, accepted, deadline)")
    @Proves("ACK-1")
    void checkOrder() {
        check(HandoffProperties.ordering("ACK-1 broker check order", ROLE, Defect.checkOrder(ROLE), SUT));
    }

    @Test
    @DisplayName("ACK-6 the ACK is observed when its last byte arrives: trickled in before the deadline but completed after it is LATE")
    @Proves("ACK-6")
    void tricklingAckIsLate() {
        check(Property.forAll("ACK-6 trickling ACK", data -> {
                    Draft d = Exchanges.ack(data);
                    long deadline = data.consumeLong(0, 1_000_000);
                    int chunks = data.consumeInt(1, 8);
                    long[] delays = new long[chunks];
                    for (int i = 0; i < chunks; i++) {
                        delays[i] = data.consumeBoolean() ? 0 : data.consumeLong(0, 3 * deadline / chunks + 2);
                    }
                    return new Trickle(d, d.wire(), deadline, delays);
                })
                .describedBy(t -> t.draft().describe() + "\ndeadline: " + t.deadline() + " ns, delays: " + java.util.Arrays.toString(t.delays()))
                .requireLabels("on time", "late")
                .check((t, coverage) -> {
                    ManualClock clock = new ManualClock();
                    Verdict<AckReceived> v = AckCheck.check(new TrickleStream(t.wire(), t.delays(), clock),
                            t.draft().token(), t.draft().correlationId(), t.deadline(), clock);
                    long total = clock.nanos(); // when the last chunk arrived
                    boolean late = total > t.deadline();
                    coverage.label(late ? "late" : "on time");
                    if (late) {
                        PropertyAssertionError.check(v instanceof Verdict.Rejected<AckReceived> r && r.rejection().reason() == ReasonCode.LATE
                                        && r.rejection().requirement().equals("ACK-6"),
                                "completed after the deadline but not LATE", "completed at " + total + " > " + t.deadline() + ": " + v);
                    } else {
                        PropertyAssertionError.check(v.accepted(), "completed on time but rejected",
                                "completed at " + total + " <= " + t.deadline() + ": " + v);
                    }
                }));
    }

    @Test
    @DisplayName("ACK-7 reads are bounded by the deadline: a silent or trickling backend is cut off by it (IO), an ACK complete by then is accepted")
    @Proves({"ACK-7", "FRAME-7"})
    void readsBoundedByDeadline() {
        check(Property.forAll("ACK-7 deadline-bounded reads", data -> {
                    Draft d = Exchanges.ack(data);
                    byte[] wire = d.wire();
                    long deadline = data.consumeLong(1, 50_000_000); // up to 50 ms
                    int chunks = data.consumeInt(1, Math.min(12, wire.length));
                    long[] gaps = new long[chunks];
                    int style = data.consumeInt(0, 2);
                    for (int i = 0; i < chunks; i++) {
                        gaps[i] = switch (style) {
                            case 0 -> data.consumeLong(0, deadline / chunks); // complete by the deadline
                            case 1 -> deadline / chunks + 1 + data.consumeLong(0, 1_000_000); // each gap short, the sum too long
                            default -> i == chunks - 1 ? deadline + data.consumeLong(1, 10_000_000) : 0; // silence at the end
                        };
                    }
                    return new Socket(d, wire, deadline, gaps);
                })
                .describedBy(s -> s.draft().describe() + "\ndeadline: " + s.deadline() + " ns, arrival gaps: " + java.util.Arrays.toString(s.gaps()))
                .requireLabels("complete by the deadline", "trickling past the deadline", "silent past the deadline")
                .check((s, coverage) -> {
                    ManualClock clock = new ManualClock();
                    SimulatedSocket socket = new SimulatedSocket(s.wire(), s.gaps(), clock);
                    InputStream in = new DeadlineInputStream(socket, clock, s.deadline(), socket::setTimeoutMillis);
                    Verdict<AckReceived> v = AckCheck.check(in, s.draft().token(), s.draft().correlationId(), s.deadline(), clock);
                    long arrival = socket.lastArrival();
                    long maxGap = java.util.Arrays.stream(s.gaps()).max().orElse(0);
                    coverage.label(arrival <= s.deadline() ? "complete by the deadline"
                            : maxGap > s.deadline() ? "silent past the deadline" : "trickling past the deadline");
                    // the broker never waits past the deadline, give or take the 1 ms rounding of a socket timeout
                    PropertyAssertionError.check(clock.nanos() - s.deadline() <= 1_000_000, "ACK-7: waited past the deadline",
                            "the read ended at " + clock.nanos() + " ns, the deadline is " + s.deadline() + " ns");
                    if (arrival <= s.deadline()) {
                        PropertyAssertionError.check(v.accepted(), "ACK-7: on-time ACK cut off",
                                "the ACK was complete at " + arrival + " <= " + s.deadline() + ", got " + v);
                    } else {
                        ReasonCode got = v instanceof Verdict.Rejected<AckReceived> r ? r.rejection().reason() : null;
                        PropertyAssertionError.check(got == ReasonCode.IO || got == ReasonCode.LATE, "ACK-7: ACK after the deadline not cut off",
                                "the ACK completes at " + arrival + " > " + s.deadline() + ", got " + v);
                    }
                }));
    }

    @Test
    @DisplayName("ACK-9 (profile 4.5.5) each ACK read waits at most the ACK deadline: a gap longer than it cuts the read off (IO), shorter gaps are waited however long they add up to, and an ACK completed after the deadline is LATE")
    @Proves({"ACK-9", "ACK-6", "FRAME-7"})
    void readsBoundedPerReadIn455() {
        check(Property.forAll("ACK-9 per-read bound", data -> {
                    Draft d = Exchanges.ack(data);
                    byte[] wire = d.wire();
                    long deadline = data.consumeLong(1_000_000, 50_000_000); // 1 to 50 ms: whole milliseconds matter here
                    int chunks = data.consumeInt(1, Math.min(12, wire.length));
                    long[] gaps = new long[chunks];
                    boolean silence = data.consumeBoolean();
                    for (int i = 0; i < chunks; i++) {
                        gaps[i] = silence && i == chunks - 1 ? deadline + data.consumeLong(1_000_000, 10_000_000)
                                : data.consumeLong(0, deadline - 1);
                    }
                    return new Socket(d, wire, deadline, gaps);
                })
                .describedBy(s -> s.draft().describe() + "\ndeadline: " + s.deadline() + " ns, arrival gaps: " + java.util.Arrays.toString(s.gaps()))
                .requireLabels("complete by the deadline", "trickling past the deadline", "a gap longer than the deadline")
                .check((s, coverage) -> {
                    ManualClock clock = new ManualClock();
                    SimulatedSocket socket = new SimulatedSocket(s.wire(), s.gaps(), clock);
                    InputStream in = AckReadBound.bound(Profile.V4_5_5, socket, clock, s.deadline(), socket::setTimeoutMillis);
                    Verdict<AckReceived> v = AckCheck.check(in, s.draft().token(), s.draft().correlationId(), s.deadline(), clock);
                    ReasonCode got = v instanceof Verdict.Rejected<AckReceived> r ? r.rejection().reason() : null;
                    long timeout = (s.deadline() + 999_999) / 1_000_000 * 1_000_000;
                    long maxGap = java.util.Arrays.stream(s.gaps()).max().orElse(0);
                    String label = maxGap > timeout ? "a gap longer than the deadline"
                            : socket.lastArrival() <= s.deadline() ? "complete by the deadline" : "trickling past the deadline";
                    coverage.label(label);
                    ReasonCode expected = switch (label) {
                        case "a gap longer than the deadline" -> ReasonCode.IO;
                        case "complete by the deadline" -> null;
                        default -> ReasonCode.LATE;
                    };
                    PropertyAssertionError.check(got == expected, "ACK-9: per-read bound", label + ": expected "
                            + (expected == null ? "accepted" : expected) + ", got " + v);
                }));
    }

    record Socket(Draft draft, byte[] wire, long deadline, long[] gaps) {}

    /**
     * A socket on a manual clock: chunk i of the wire arrives gaps[0] + .. + gaps[i] ns
     * after the start; a read waits (moves the clock) for the next chunk, or times out
     * after the read timeout the deadline stream set, like SO_TIMEOUT.
     */
    static final class SimulatedSocket extends InputStream {
        private final byte[] wire;
        private final long[] arrivals;
        private final int[] ends;
        private final ManualClock clock;
        private int position;
        private long timeoutNanos = Long.MAX_VALUE;

        SimulatedSocket(byte[] wire, long[] gaps, ManualClock clock) {
            this.wire = wire;
            this.clock = clock;
            this.arrivals = new long[gaps.length];
            this.ends = new int[gaps.length];
            long t = 0;
            for (int i = 0; i < gaps.length; i++) {
                t += gaps[i];
                arrivals[i] = t;
                ends[i] = i == gaps.length - 1 ? wire.length : (int) ((long) wire.length * (i + 1) / gaps.length);
            }
        }

        void setTimeoutMillis(int millis) {
            timeoutNanos = millis * 1_000_000L;
        }

        long lastArrival() {
            return arrivals[arrivals.length - 1];
        }

        /** Bytes that have arrived by now. */
        private int available(long now) {
            int n = 0;
            for (int i = 0; i < arrivals.length && arrivals[i] <= now; i++) {
                n = ends[i];
            }
            return n;
        }

        private void waitForData() throws java.net.SocketTimeoutException {
            long now = clock.nanos();
            if (available(now) > position) {
                return;
            }
            for (int i = 0; i < arrivals.length; i++) {
                if (ends[i] > position) {
                    long wait = arrivals[i] - now;
                    if (wait > timeoutNanos) {
                        clock.advanceNanos(timeoutNanos);
                        throw new java.net.SocketTimeoutException("read timed out (simulated)");
                    }
                    clock.advanceNanos(wait);
                    return;
                }
            }
        }

        @Override
        public int read() throws IOException {
            if (position >= wire.length) {
                return -1;
            }
            waitForData();
            return wire[position++] & 0xFF;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (position >= wire.length) {
                return -1;
            }
            waitForData();
            int n = Math.min(len, available(clock.nanos()) - position);
            System.arraycopy(wire, position, b, off, n);
            position += n;
            return n;
        }
    }

    record Trickle(Draft draft, byte[] wire, long deadline, long[] delays) {
        @Override
        public String toString() {
            return HexFormat.of().formatHex(wire);
        }
    }

    /** Hands out the wire in as many chunks as there are delays, advancing the clock before each. */
    static final class TrickleStream extends InputStream {
        private final ByteArrayInputStream in;
        private final long[] delays;
        private final ManualClock clock;
        private final int chunk;
        private int next;

        TrickleStream(byte[] wire, long[] delays, ManualClock clock) {
            this.in = new ByteArrayInputStream(wire);
            this.delays = delays;
            this.clock = clock;
            this.chunk = Math.max(1, (wire.length + delays.length - 1) / delays.length);
        }

        private void tick() {
            if (next < delays.length) {
                clock.advanceNanos(delays[next++]);
            }
        }

        @Override
        public int read() {
            if (in.available() == 0) {
                return -1;
            }
            tick();
            return in.read();
        }

        @Override
        public int read(byte[] b, int off, int len) {
            if (in.available() == 0) {
                return -1;
            }
            tick();
            return in.read(b, off, Math.min(len, chunk));
        }
    }
}
