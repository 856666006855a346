package io.handoffkit.fuzz.targets;

import static io.handoffkit.fuzz.oracle.OracleViolation.check;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.google.protobuf.InvalidProtocolBufferException;
import io.handoffkit.broker.AckCheck;
import io.handoffkit.broker.AckReceived;
import io.handoffkit.client.RelayCheck;
import io.handoffkit.fuzz.oracle.AllocationMeter;
import io.handoffkit.fuzz.oracle.OracleViolation;
import io.handoffkit.fuzz.oracle.WireOracles;
import io.handoffkit.proto.v1.Frame;
import io.handoffkit.proto.v1.FrameKind;
import io.handoffkit.proto.v1.HandoffAck;
import io.handoffkit.time.ManualClock;
import io.handoffkit.wire.DeadlineInputStream;
import io.handoffkit.wire.Framing;
import io.handoffkit.wire.HandoffFrames;
import io.handoffkit.wire.ReasonCode;
import io.handoffkit.wire.Verdict;
import java.io.ByteArrayInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * The broker's ACK check (ACK-1..ACK-7) with the fixed offered token
 * {@link Fixtures#TOKEN} and correlation id {@link Fixtures#CORRELATION_ID}.
 *
 * <p>Input layout: the last byte picks the timing (0 = a far deadline, 1 = the
 * deadline already passed when the ACK is observed, 2 = observed exactly at the
 * deadline, 3 = the read is bounded by a {@link DeadlineInputStream} and every
 * read takes {@code step} × 0.1 ms, {@code step} being the byte before it); the
 * rest is the bytes the backend sent. A seed is the wire bytes followed by 0
 * (or 1 for a vector whose deadline has passed).
 */
public final class BrokerTargets {

    public static final int MODE_FAR_DEADLINE = 0;
    public static final int MODE_DEADLINE_PASSED = 1;
    public static final int MODE_AT_DEADLINE = 2;
    public static final int MODE_BOUNDED_READ = 3;
    private static final long BOUNDED_DEADLINE_NANOS = 10_000_000L;
    private static final long FAR_FUTURE = Long.MAX_VALUE / 2;

    private BrokerTargets() {}

    public static void ackCheck(FuzzedDataProvider data) {
        int mode = data.consumeInt(0, 3);
        int step = mode == MODE_BOUNDED_READ ? data.consumeInt(0, 255) : 0;
        byte[] input = data.consumeRemainingAsBytes();
        run(input, mode, step);
    }

    /** A stream whose every read takes {@code step} nanoseconds of the manual clock (a slow or trickling backend). */
    private static final class SlowStream extends FilterInputStream {
        private final ManualClock clock;
        private final long step;

        SlowStream(InputStream in, ManualClock clock, long step) {
            super(in);
            this.clock = clock;
            this.step = step;
        }

        @Override
        public int read() throws IOException {
            clock.advanceNanos(step);
            return super.read();
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            clock.advanceNanos(step);
            return super.read(b, off, Math.min(len, 7)); // a backend trickling a few bytes at a time
        }
    }

    public static void run(byte[] input, int mode, int step) {
        ManualClock clock = new ManualClock(0);
        long deadline = switch (mode) {
            case MODE_FAR_DEADLINE -> FAR_FUTURE;
            case MODE_DEADLINE_PASSED -> -1;
            case MODE_AT_DEADLINE -> 0;
            default -> BOUNDED_DEADLINE_NANOS;
        };
        ByteArrayInputStream bytes = new ByteArrayInputStream(input);
        InputStream in = mode == MODE_BOUNDED_READ
                ? new DeadlineInputStream(new SlowStream(bytes, clock, step * 100_000L), clock, deadline,
                        millis -> check(millis >= 1, () -> "DeadlineInputStream armed a read timeout of " + millis + " ms (0 = forever)"))
                : bytes;
        Verdict<AckReceived> verdict = AllocationMeter.bounded("AckCheck.check", input.length,
                () -> AckCheck.check(in, Fixtures.TOKEN, Fixtures.CORRELATION_ID, deadline, clock),
                () -> AckCheck.check(new ByteArrayInputStream(input), Fixtures.TOKEN, Fixtures.CORRELATION_ID, FAR_FUTURE,
                        new ManualClock(0)));
        int consumed = input.length - bytes.available();
        if (verdict instanceof Verdict.Rejected<AckReceived> r) {
            WireOracles.checkRejectionShape(r.rejection());
            if (r.rejection().reason() == ReasonCode.IO) {
                // ACK-7: only a read bounded by a deadline that has passed may fail
                check(mode == MODE_BOUNDED_READ && clock.nanos() - deadline >= 0,
                        () -> "IO rejection before the deadline: " + r.rejection() + " at " + clock.nanos());
                return;
            }
            WireOracles.checkConsumed(input, 0, consumed, Framing.MAX_FRAME_BYTES, r.rejection(), false);
            if (r.rejection().reason() == ReasonCode.LATE) {
                // ACK-6: late means observed after the deadline, and nothing else was wrong
                check(clock.nanos() - deadline > 0, () -> "LATE although observed at " + clock.nanos() + " <= " + deadline);
                Verdict<AckReceived> onTime = AckCheck.check(new ByteArrayInputStream(input), Fixtures.TOKEN,
                        Fixtures.CORRELATION_ID, FAR_FUTURE, new ManualClock(0));
                check(onTime.accepted(), () -> "an ACK rejected as LATE is not accepted with a far deadline: " + onTime);
            }
            return;
        }
        WireOracles.checkConsumed(input, 0, consumed, Framing.MAX_FRAME_BYTES, null, false);
        AckReceived received = ((Verdict.Accepted<AckReceived>) verdict).value();
        check(received.observedAtNanos() - deadline <= 0, () -> "accepted an ACK observed after its deadline (ACK-6)");
        checkAcceptedAck(received);
    }

    /** ACK-1..ACK-5 hold for an accepted ACK; it re-encodes, and its relay is accepted by the client (FRAMES-3). */
    static void checkAcceptedAck(AckReceived received) {
        Frame frame = received.frame();
        HandoffAck ack = received.ack();
        WireOracles.checkAcceptedEnvelope(frame, FrameKind.FRAME_KIND_RESPONSE);
        check(frame.getRequestId() == Fixtures.CORRELATION_ID && ack.getCorrelationId() == Fixtures.CORRELATION_ID,
                () -> "accepted an ACK with another correlation id (ACK-2, ACK-3)");
        check(Fixtures.TOKEN.matches(ack.getToken()), () -> "accepted an ACK with another token (ACK-4)");
        check(ack.getAccepted(), () -> "accepted a refusal (ACK-5)");
        try {
            check(HandoffAck.parseFrom(frame.getPayload()).equals(ack), () -> "the accepted ACK is not the frame's payload");
        } catch (InvalidProtocolBufferException e) {
            throw new OracleViolation("accepted an ACK whose payload does not decode", e);
        }
        for (Frame again : new Frame[] {frame, HandoffFrames.ack(ack)}) {
            ByteArrayInputStream in = new ByteArrayInputStream(BackendTargets.encode(again));
            Verdict<AckReceived> v = AckCheck.check(in, Fixtures.TOKEN, Fixtures.CORRELATION_ID, FAR_FUTURE, new ManualClock(0));
            check(v instanceof Verdict.Accepted<AckReceived> a && a.value().ack().equals(ack) && in.available() == 0,
                    () -> "a re-encoded accepted ACK is not accepted again with the same fields: " + v);
        }
        // the relay the broker then builds (FRAMES-3) is accepted by the client
        ByteArrayInputStream relay = new ByteArrayInputStream(
                BackendTargets.encode(HandoffFrames.readyFor(Fixtures.TOKEN.toByteString(), Fixtures.CORRELATION_ID)));
        Verdict<HandoffAck> client = RelayCheck.check(relay, Fixtures.TOKEN);
        check(client.accepted() && relay.available() == 0,
                () -> "the client rejects the relay of an ACK the broker accepted (FRAMES-3, RELAY-1): " + client);
    }
}
