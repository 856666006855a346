package io.handoffkit.wire;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.handoffkit.proto.v1.Frame;
import io.handoffkit.time.ManualClock;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** SPEC §1: the frame layer, the parts the vectors cannot show (allocation, I/O, the writer, deadlines). */
class FrameLayerTest {

    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    @Test
    @DisplayName("FRAME-8 a 16 MiB length claim followed by a few bytes allocates one small chunk, not 16 MiB")
    void claimedLengthIsNotAllocatedUpFront() {
        byte[] wire = new byte[5 + 100];
        wire[0] = 1;
        wire[4] = 1; // 0x01000000 = 16 MiB, exactly the cap
        long before = THREADS.getCurrentThreadAllocatedBytes();
        Verdict<byte[]> verdict = FrameReader.read(new ByteArrayInputStream(wire), Framing.MAX_FRAME_BYTES);
        long allocated = THREADS.getCurrentThreadAllocatedBytes() - before;
        assertEquals(ReasonCode.TRUNCATED_BODY, rejection(verdict).reason());
        assertTrue(allocated < 256 * 1024, "allocated " + allocated + " bytes for a 16 MiB claim");
    }

    @Test
    @DisplayName("FRAME-3 a body of exactly 16 MiB is within the cap and read whole")
    void exactlyTheCapIsRead() throws IOException {
        byte[] body = new byte[Framing.MAX_FRAME_BYTES];
        ByteArrayOutputStream out = new ByteArrayOutputStream(body.length + 5);
        FrameWriter.writeBody(out, body);
        Verdict<byte[]> verdict = FrameReader.read(new ByteArrayInputStream(out.toByteArray()), Framing.MAX_FRAME_BYTES);
        byte[] read = (byte[]) assertInstanceOf(Verdict.Accepted.class, verdict).value();
        assertEquals(body.length, read.length);
    }

    @Test
    @DisplayName("FRAME-10 the writer refuses a body over the cap and writes nothing")
    void writerRefusesOversizedBody() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertThrows(FrameTooLargeException.class, () -> FrameWriter.writeBody(out, new byte[Framing.MAX_FRAME_BYTES + 1]));
        assertEquals(0, out.size());
    }

    @Test
    @DisplayName("FRAME-10 the writer writes header and body, then flushes")
    void writerFlushes() throws IOException {
        int[] flushes = {0};
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        OutputStream out = new OutputStream() {
            @Override public void write(int b) { sink.write(b); }
            @Override public void flush() { flushes[0]++; }
        };
        FrameWriter.write(out, Frame.newBuilder().setEnvelopeVersion(1).build());
        assertArrayEquals(new byte[] {1, 2, 0, 0, 0, 8, 1}, sink.toByteArray());
        assertEquals(1, flushes[0]);
    }

    @Test
    @DisplayName("FRAME-7 a failing stream is an IO rejection, not an exception")
    void ioFailureIsARejection() {
        InputStream broken = new InputStream() {
            @Override public int read() throws IOException { throw new IOException("connection reset"); }
        };
        Rejection r = rejection(FrameReader.read(broken, Framing.MAX_FRAME_BYTES));
        assertEquals(ReasonCode.IO, r.reason());
        assertEquals("FRAME-7", r.requirement());
        assertEquals("IO (FRAME-7): I/O error: connection reset", r.toString(), "what a report prints names reason, requirement and detail");
    }

    @Test
    @DisplayName("FRAME-7 an I/O error without a message is named by its type, so the rejection never says just 'null'")
    void ioFailureWithoutMessageNamesItsType() {
        InputStream broken = new InputStream() {
            @Override public int read() throws IOException { throw new EOFException(); }
        };
        assertEquals("I/O error: EOFException", rejection(FrameReader.read(broken, Framing.MAX_FRAME_BYTES)).detail());
    }

    @Test
    @DisplayName("ACK-7 a peer trickling one byte per 100 ms cannot extend the deadline")
    void tricklingPeerCannotExtendTheDeadline() {
        ManualClock clock = new ManualClock();
        long deadline = Duration.ofSeconds(1).toNanos();
        byte[] frame = new byte[5 + 64];
        frame[0] = 1;
        frame[1] = 64;
        int[] served = {0};
        InputStream trickle = new InputStream() {
            @Override public int read() {
                clock.advance(Duration.ofMillis(100));
                return served[0] < frame.length ? frame[served[0]++] & 0xFF : -1;
            }
            @Override public int read(byte[] b, int off, int len) {
                int c = read();
                if (c < 0) return -1;
                b[off] = (byte) c;
                return 1;
            }
        };
        int[] lastTimeoutMillis = {-1};
        Rejection r = rejection(FrameReader.read(
                new DeadlineInputStream(trickle, clock, deadline, ms -> lastTimeoutMillis[0] = ms), Framing.MAX_FRAME_BYTES));
        assertEquals(ReasonCode.IO, r.reason());
        assertEquals(10, served[0], "bytes read before the deadline");
        assertEquals(100, lastTimeoutMillis[0], "the last read was given only the time that was left");
    }

    private static Rejection rejection(Verdict<?> verdict) {
        return assertInstanceOf(Verdict.Rejected.class, verdict).rejection();
    }
}
