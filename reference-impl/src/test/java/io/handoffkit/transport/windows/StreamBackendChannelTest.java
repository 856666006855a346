package io.handoffkit.transport.windows;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.handoffkit.backend.AckWriter;
import io.handoffkit.backend.OfferReader;
import io.handoffkit.backend.OfferReceived;
import io.handoffkit.broker.AckReceived;
import io.handoffkit.proto.v1.HandoffAck;
import io.handoffkit.proto.v1.HandoffOffer;
import io.handoffkit.time.Clock;
import io.handoffkit.time.ManualClock;
import io.handoffkit.token.Token;
import io.handoffkit.wire.DeadlineExceededException;
import io.handoffkit.wire.FrameWriter;
import io.handoffkit.wire.HandoffFrames;
import io.handoffkit.wire.ReasonCode;
import io.handoffkit.wire.Verdict;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The offer/ACK channel over a stream pair: it reuses FrameWriter and AckCheck (FRAMES-1,
 * ACK-1..ACK-6), bounds ACK reads by the deadline without a read timeout (ACK-7) and leaves
 * bytes after the ACK in the stream (FRAME-9).
 */
@Timeout(value = 20, unit = TimeUnit.SECONDS)
class StreamBackendChannelTest {

    private static final Token TOKEN = Token.fromHex("000102030405060708090a0b0c0d0e0f");
    private static final long CORRELATION_ID = 9;
    private static final Clock CLOCK = Clock.system();

    private static HandoffAck ack(Token token, boolean accepted) {
        return HandoffAck.newBuilder().setToken(token.toByteString()).setAccepted(accepted)
                .setCorrelationId(CORRELATION_ID).build();
    }

    private static byte[] ackBytes(HandoffAck... acks) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (HandoffAck a : acks) {
            AckWriter.write(out, a);
        }
        return out.toByteArray();
    }

    /** A stream whose readiness is exactly what is buffered, and -1 once drained (end of stream). */
    private static StreamBackendChannel over(ByteArrayInputStream in, ByteArrayOutputStream out, Clock clock) {
        Readiness readiness = () -> in.available() > 0 ? in.available() : -1;
        return new StreamBackendChannel(in, out, clock, ReadBound.polling(readiness, clock));
    }

    private static long inMillis(long millis) {
        return CLOCK.nanos() + TimeUnit.MILLISECONDS.toNanos(millis);
    }

    @Test
    @DisplayName("FRAMES-1 the offer written is one frame the reference backend's OfferReader accepts as is")
    void offerFrame() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        HandoffOffer offer = HandoffOffer.newBuilder().setHandleValue(0x2A4).setToken(TOKEN.toByteString())
                .setServiceName("svc").setCorrelationId(CORRELATION_ID).build();

        over(new ByteArrayInputStream(new byte[0]), out, CLOCK).writeOffer(offer);

        assertEquals(new String(FrameWriter.encode(HandoffFrames.offer(offer)), java.nio.charset.StandardCharsets.ISO_8859_1),
                new String(out.toByteArray(), java.nio.charset.StandardCharsets.ISO_8859_1));
        Verdict<OfferReceived> read = OfferReader.read(new ByteArrayInputStream(out.toByteArray()));
        assertEquals(offer, assertInstanceOf(Verdict.Accepted.class, read).value() instanceof OfferReceived r ? r.offer() : null);
    }

    @Test
    @DisplayName("ACK-1 an accepted, echoing ACK is accepted; FRAME-9 the next frame stays in the stream")
    void acceptsAndLeavesTheRest() throws IOException {
        HandoffAck first = ack(TOKEN, true);
        HandoffAck second = ack(TOKEN, false);
        ByteArrayInputStream in = new ByteArrayInputStream(ackBytes(first, second));
        StreamBackendChannel channel = over(in, new ByteArrayOutputStream(), CLOCK);

        Verdict<AckReceived> one = channel.awaitAck(TOKEN, CORRELATION_ID, inMillis(1000));
        assertEquals(first, assertInstanceOf(Verdict.Accepted.class, one).value() instanceof AckReceived r ? r.ack() : null);

        Verdict<AckReceived> two = channel.awaitAck(TOKEN, CORRELATION_ID, inMillis(1000));
        assertEquals(ReasonCode.REFUSED, assertInstanceOf(Verdict.Rejected.class, two).rejection().reason());
        assertEquals(0, in.available());
    }

    @Test
    @DisplayName("ACK-4 the channel judges with the reference AckCheck: a wrong token echo is TOKEN_ECHO")
    void tokenEcho() throws IOException {
        Token other = Token.fromHex("ffffffffffffffffffffffffffffffff");
        StreamBackendChannel channel = over(new ByteArrayInputStream(ackBytes(ack(other, true))), new ByteArrayOutputStream(), CLOCK);

        Verdict<AckReceived> verdict = channel.awaitAck(TOKEN, CORRELATION_ID, inMillis(1000));

        assertEquals(ReasonCode.TOKEN_ECHO, assertInstanceOf(Verdict.Rejected.class, verdict).rejection().reason());
    }

    @Test
    @DisplayName("ACK-6 an ACK observed after the deadline is LATE even when its bytes were ready")
    void late() throws IOException {
        ManualClock clock = new ManualClock(1_000);
        // readiness lets the bytes through, then the clock moves past the deadline before the ACK is observed
        byte[] bytes = ackBytes(ack(TOKEN, true));
        ByteArrayInputStream in = new ByteArrayInputStream(bytes) {
            @Override
            public synchronized int read(byte[] b, int off, int len) {
                int n = super.read(b, off, len);
                if (available() == 0) {
                    clock.advanceNanos(10);
                }
                return n;
            }
        };
        StreamBackendChannel channel = new StreamBackendChannel(in, new ByteArrayOutputStream(), clock,
                ReadBound.polling(() -> in.available() > 0 ? in.available() : -1, clock));

        Verdict<AckReceived> verdict = channel.awaitAck(TOKEN, CORRELATION_ID, 1_005);

        assertEquals(ReasonCode.LATE, assertInstanceOf(Verdict.Rejected.class, verdict).rejection().reason());
    }

    @Test
    @DisplayName("ACK-7 a silent peer is given up within deadline + 50 ms, as an IO rejection")
    void silentPeer() throws IOException {
        PipedInputStream in = new PipedInputStream();
        try (PipedOutputStream keepOpen = new PipedOutputStream(in)) {
            StreamBackendChannel channel = new StreamBackendChannel(in, new ByteArrayOutputStream(), CLOCK,
                    ReadBound.polling(in::available, CLOCK));
            long started = System.nanoTime();

            Verdict<AckReceived> verdict = channel.awaitAck(TOKEN, CORRELATION_ID, inMillis(100));

            long took = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
            assertEquals(ReasonCode.IO, assertInstanceOf(Verdict.Rejected.class, verdict).rejection().reason());
            assertTrue(took >= 95 && took <= 150, "took " + took + " ms for a 100 ms deadline");
        }
    }

    @Test
    @DisplayName("ACK-7 a peer trickling one byte per 100 ms cannot extend the deadline")
    void tricklingPeer() throws Exception {
        PipedInputStream in = new PipedInputStream(64 * 1024);
        PipedOutputStream out = new PipedOutputStream(in);
        byte[] wire = ackBytes(ack(TOKEN, true));
        Thread trickler = new Thread(() -> {
            try {
                for (byte b : wire) {
                    out.write(b);
                    out.flush();
                    Thread.sleep(100);
                }
            } catch (IOException | InterruptedException e) {
                // the reader gave up and the test ended: stop trickling
            }
        });
        trickler.setDaemon(true);
        trickler.start();
        try {
            StreamBackendChannel channel = new StreamBackendChannel(in, new ByteArrayOutputStream(), CLOCK,
                    ReadBound.polling(in::available, CLOCK));
            long started = System.nanoTime();

            Verdict<AckReceived> verdict = channel.awaitAck(TOKEN, CORRELATION_ID, inMillis(350));

            long took = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
            assertEquals(ReasonCode.IO, assertInstanceOf(Verdict.Rejected.class, verdict).rejection().reason());
            assertTrue(took >= 345 && took <= 400, "took " + took + " ms for a 350 ms deadline");
        } finally {
            trickler.interrupt();
            out.close();
        }
    }

    @Test
    @DisplayName("ACK-7 a read never asks the stream for more than is available, so it cannot block")
    void readsOnlyWhatIsAvailable() throws IOException {
        byte[] data = {1, 2, 3, 4, 5, 6, 7, 8};
        int[] ready = {3};
        InputStream strict = new InputStream() {
            int pos;

            @Override
            public int read() {
                throw new AssertionError("single-byte read");
            }

            @Override
            public int read(byte[] b, int off, int len) {
                assertTrue(len <= ready[0], "asked for " + len + " with " + ready[0] + " available");
                System.arraycopy(data, pos, b, off, len);
                pos += len;
                ready[0] -= len;
                return len;
            }
        };
        InputStream bounded = new PollingDeadlineInputStream(strict, () -> ready[0], CLOCK, inMillis(1000));
        byte[] buf = new byte[8];

        assertEquals(3, bounded.read(buf, 0, 8));
        ready[0] = 5;
        assertEquals(5, bounded.read(buf, 3, 5));
        assertEquals(8, buf[7]);
    }

    @Test
    @DisplayName("ACK-7 once the deadline has passed a read fails at once, without polling")
    void pastDeadline() {
        InputStream bounded = new PollingDeadlineInputStream(InputStream.nullInputStream(),
                () -> {
                    throw new AssertionError("polled after the deadline");
                }, CLOCK, CLOCK.nanos() - 1);

        assertThrows(DeadlineExceededException.class, bounded::read);
    }
}
