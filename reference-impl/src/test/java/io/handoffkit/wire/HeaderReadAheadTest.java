package io.handoffkit.wire;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The header read-ahead the backend and the client read frames through: one receive less, FRAME-9 intact. */
class HeaderReadAheadTest {

    private static final byte[] TRAILING = {42, 43, 44, 45, 46, 47, 48};

    /** Counts the reads made on the stream below. */
    private static final class Below extends FilterInputStream {
        int reads;

        Below(byte[] bytes) {
            super(new ByteArrayInputStream(bytes));
        }

        @Override
        public int read() throws IOException {
            reads++;
            return super.read();
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            reads++;
            return super.read(b, off, len);
        }
    }

    private static byte[] concat(byte[] a, byte[] b) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(a);
        out.writeBytes(b);
        return out.toByteArray();
    }

    private static byte[] frame(int bodyLength) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        FrameWriter.writeBody(out, new byte[bodyLength]);
        return out.toByteArray();
    }

    @Test
    @DisplayName("the 5-byte header comes from the stream below in one read: a frame costs two reads, not three")
    void headerInOneRead() throws IOException {
        Below below = new Below(frame(38));
        Verdict<byte[]> v = FrameReader.read(new HeaderReadAhead(below), Framing.MAX_FRAME_BYTES);
        Verdict.Accepted<?> accepted = assertInstanceOf(Verdict.Accepted.class, v);
        assertAll(
                () -> assertEquals(38, ((byte[]) accepted.value()).length),
                () -> assertEquals(2, below.reads));
    }

    @Test
    @DisplayName("FRAME-9 after an accepted frame the stream below is at the next byte, even for a zero-length frame")
    void acceptedFrameLeavesNothingBehind() throws IOException {
        for (int length : new int[] {0, 1, 38, 20_000}) {
            InputStream below = new ByteArrayInputStream(concat(frame(length), TRAILING));
            Verdict<byte[]> v = FrameReader.read(new HeaderReadAhead(below), Framing.MAX_FRAME_BYTES);
            assertInstanceOf(Verdict.Accepted.class, v, "length " + length);
            assertArrayEquals(TRAILING, below.readAllBytes(), "length " + length);
        }
    }

    @Test
    @DisplayName("FRAME-1 after a bad framing byte the verdict is the same and the bytes taken with it stay readable in order")
    void badFramingByte() throws IOException {
        byte[] wire = concat(new byte[] {2, 10, 0, 0, 0}, TRAILING);
        HeaderReadAhead in = new HeaderReadAhead(new ByteArrayInputStream(wire));
        Verdict<byte[]> v = FrameReader.read(in, Framing.MAX_FRAME_BYTES);
        assertEquals(ReasonCode.FRAMING_VERSION, assertInstanceOf(Verdict.Rejected.class, v).rejection().reason());
        byte[] rest = in.readAllBytes();
        assertArrayEquals(Arrays.copyOfRange(wire, 1, wire.length), rest, "everything after the framing byte, in order");
    }

    @Test
    @DisplayName("FRAME-9 bytes held after a bad framing byte count in available() and are skipped before any byte of the stream below")
    void heldBytesAreAvailableAndSkippedFirst() throws IOException {
        byte[] wire = concat(new byte[] {2, 10, 11, 12, 13}, TRAILING);
        HeaderReadAhead in = new HeaderReadAhead(new ByteArrayInputStream(wire));
        assertEquals(ReasonCode.FRAMING_VERSION,
                assertInstanceOf(Verdict.Rejected.class, FrameReader.read(in, Framing.MAX_FRAME_BYTES)).rejection().reason());
        assertEquals(4, in.available(), "the 4 held bytes, readable without asking the stream below");
        assertEquals(3, in.skip(3));
        assertEquals(0, in.skip(-1), "a negative skip skips nothing");
        assertEquals(13, in.read(), "the last held byte, before the stream below");
        assertEquals(TRAILING.length, in.available());
        assertEquals(2, in.skip(2), "with nothing held, skip reaches the stream below");
        assertArrayEquals(Arrays.copyOfRange(TRAILING, 2, TRAILING.length), in.readAllBytes());
    }

    @Test
    @DisplayName("FRAME-9 a skip past the held bytes stops at their end: the stream below is never skipped with them")
    void skipStopsAtTheHeldBytes() throws IOException {
        byte[] wire = concat(new byte[] {2, 10, 11, 12, 13}, TRAILING);
        HeaderReadAhead in = new HeaderReadAhead(new ByteArrayInputStream(wire));
        assertEquals(2, in.read(), "the framing byte; 4 bytes are held");
        assertEquals(4, in.skip(100));
        assertArrayEquals(TRAILING, in.readAllBytes());
        assertFalse(in.markSupported(), "the buffer holds at most one header: no mark, no reset");
    }

    @Test
    @DisplayName("FRAME-6 a stream below that answers a read with 0 bytes is asked for one byte instead, and its end is still an end")
    void zeroByteReadBelow() throws IOException {
        HeaderReadAhead in = new HeaderReadAhead(new ZeroFirstStream(new byte[] {1, 5, 0, 0, 0}));
        assertEquals(1, in.read(), "the framing byte, read singly");
        assertEquals(5, in.read(), "then the header, read ahead as usual");
        assertEquals(-1, new HeaderReadAhead(new ZeroFirstStream(new byte[0])).read());
    }

    @Test
    @DisplayName("FRAME-6 a header cut short is TRUNCATED_LENGTH through the read-ahead as without it")
    void truncatedHeader() throws IOException {
        Verdict<byte[]> v = FrameReader.read(new HeaderReadAhead(new ByteArrayInputStream(new byte[] {1, 2, 0})), Framing.MAX_FRAME_BYTES);
        assertEquals(ReasonCode.TRUNCATED_LENGTH, assertInstanceOf(Verdict.Rejected.class, v).rejection().reason());
    }
}
