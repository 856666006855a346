package io.handoffkit.bench;

import io.handoffkit.backend.OfferReader;
import io.handoffkit.backend.OfferReceived;
import io.handoffkit.broker.AckCheck;
import io.handoffkit.broker.AckReceived;
import io.handoffkit.client.RelayCheck;
import io.handoffkit.proto.v1.HandoffAck;
import io.handoffkit.proto.v1.HandoffOffer;
import io.handoffkit.time.Clock;
import io.handoffkit.token.Token;
import io.handoffkit.wire.FrameTooLargeException;
import io.handoffkit.wire.FrameWriter;
import io.handoffkit.wire.HandoffFrames;
import io.handoffkit.wire.Verdict;
import java.io.ByteArrayInputStream;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The reference codec on the handoff hot path, in operations per second:
 * <ul>
 *   <li>decode + validate of an offer as the backend does it (OFFER-1: framing, Frame, envelope,
 *       HandoffOffer, correlation);</li>
 *   <li>decode + validate of an ACK as the broker does it (ACK-1: framing, Frame, envelope,
 *       correlation, HandoffAck, token echo, accepted, deadline) and of the ready relay as the
 *       client does it (RELAY-1);</li>
 *   <li>frame encode of the offer and the ACK (build the envelope, serialize, frame header).</li>
 * </ul>
 * Every input is valid, so each benchmark measures the full path to an accepted verdict
 * ({@code CodecBenchmarkTest} checks that). The three decoded frames are byte for byte the ones
 * upstream's {@code oracle-codec-bench} measures (correlation id 7, service {@code zccache}, token
 * 00 01 .. 0f, handle value 0; {@code CodecBenchmarkTest} checks that too), so the figures compare
 * one to one with its {@code backend-read-offer}, {@code broker-await-ack} and {@code client-relay}. Defaults: 5 forks x 8 x 1 s measurement after
 * 3 x 1 s warm-up (about 5 minutes for all five). On a shared 2-core machine 3 forks x 5
 * iterations gave errors of 20-35 %; these defaults gave 8-17 %, dominated by fork-to-fork
 * variance from other load: compare medians of the raw samples ({@code -rf json}).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(5)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 8, time = 1)
public class CodecBenchmark {

    static final Token TOKEN = Token.fromHex("000102030405060708090a0b0c0d0e0f");
    static final long CORRELATION_ID = 7;
    /** Far in the future: the deadline check runs and passes. */
    static final long DEADLINE = Long.MAX_VALUE / 2;

    HandoffOffer offer;
    HandoffAck ack;
    byte[] offerWire;
    byte[] ackWire;
    byte[] relayWire;
    Clock clock;

    @Setup
    public void setUp() throws FrameTooLargeException {
        offer = HandoffOffer.newBuilder()
                .setHandleValue(0)
                .setToken(TOKEN.toByteString())
                .setServiceName("zccache")
                .setCorrelationId(CORRELATION_ID)
                .build();
        ack = HandoffAck.newBuilder()
                .setToken(TOKEN.toByteString())
                .setAccepted(true)
                .setCorrelationId(CORRELATION_ID)
                .build();
        offerWire = FrameWriter.encode(HandoffFrames.offer(offer));
        ackWire = FrameWriter.encode(HandoffFrames.ack(ack));
        relayWire = FrameWriter.encode(HandoffFrames.ready(ack));
        clock = Clock.system();
    }

    @Benchmark
    public Verdict<OfferReceived> offerDecodeValidate() {
        return OfferReader.read(new ByteArrayInputStream(offerWire));
    }

    @Benchmark
    public Verdict<AckReceived> ackDecodeValidate() {
        return AckCheck.check(new ByteArrayInputStream(ackWire), TOKEN, CORRELATION_ID, DEADLINE, clock);
    }

    @Benchmark
    public Verdict<HandoffAck> relayDecodeValidate() {
        return RelayCheck.check(new ByteArrayInputStream(relayWire), TOKEN);
    }

    @Benchmark
    public byte[] offerEncode() throws FrameTooLargeException {
        return FrameWriter.encode(HandoffFrames.offer(offer));
    }

    @Benchmark
    public byte[] ackEncode() throws FrameTooLargeException {
        return FrameWriter.encode(HandoffFrames.ack(ack));
    }
}
