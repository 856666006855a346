package io.handoffkit.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.handoffkit.fuzz.oracle.AllocationMeter;
import io.handoffkit.fuzz.oracle.OracleViolation;
import io.handoffkit.fuzz.oracle.ScriptedInputStream;
import io.handoffkit.fuzz.oracle.WireOracles;
import io.handoffkit.wire.FrameReader;
import io.handoffkit.wire.Framing;
import io.handoffkit.wire.ReasonCode;
import io.handoffkit.wire.Rejection;
import io.handoffkit.wire.Verdict;
import java.io.IOException;
import java.util.HexFormat;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The oracles have teeth: each one rejects the misbehaviour it exists to catch. */
@DisplayName("fuzz oracles catch what they claim to catch")
class OracleSelfTest {

    private static final byte[] FRAME = HexFormat.of().parseHex("01020000000801" + "ff");

    @Test
    @DisplayName("the allocation oracle fails an action that allocates a claimed 16 MiB, twice")
    void allocation() {
        OracleViolation v = assertThrows(OracleViolation.class,
                () -> AllocationMeter.bounded("greedy", 10, () -> new byte[Framing.MAX_FRAME_BYTES]));
        assertTrue(v.getMessage().contains("FRAME-8"), v.getMessage());
        assertEquals(100, AllocationMeter.bounded("modest", 10, () -> new byte[100]).length);
    }

    @Test
    @DisplayName("the consumed-bytes oracle fails a reader that swallows the byte after a frame (FRAME-9)")
    void consumed() {
        byte[] twoFrames = HexFormat.of().parseHex("0102000000080101020000000801");
        WireOracles.checkConsumed(twoFrames, 0, 7, Framing.MAX_FRAME_BYTES, null, false);
        assertThrows(OracleViolation.class, () -> WireOracles.checkConsumed(twoFrames, 0, 8, Framing.MAX_FRAME_BYTES, null, false));
        Rejection version = new Rejection(ReasonCode.FRAMING_VERSION, "FRAME-1", "unsupported framing version");
        assertThrows(OracleViolation.class, () -> WireOracles.checkConsumed(twoFrames, 0, 1, Framing.MAX_FRAME_BYTES, version, false));
        Rejection io = new Rejection(ReasonCode.IO, "FRAME-7", "I/O error");
        assertThrows(OracleViolation.class, () -> WireOracles.checkConsumed(twoFrames, 0, 3, Framing.MAX_FRAME_BYTES, io, false));
        WireOracles.checkConsumed(twoFrames, 0, 3, Framing.MAX_FRAME_BYTES, io, true);
    }

    @Test
    @DisplayName("a rejection must cite the requirement of its reason code")
    void requirement() {
        WireOracles.checkRejectionShape(new Rejection(ReasonCode.KIND, "ENV-2", "kind is not EVENT"));
        assertThrows(OracleViolation.class,
                () -> WireOracles.checkRejectionShape(new Rejection(ReasonCode.KIND, "ENV-3", "kind is not EVENT")));
    }

    @Test
    @DisplayName("the scripted stream returns short reads and fails at the chosen byte, and the reader reports IO")
    void scriptedStream() throws IOException {
        ScriptedInputStream in = new ScriptedInputStream(FRAME, 2, 4);
        byte[] b = new byte[8];
        assertEquals(2, in.read(b, 0, 8));
        assertEquals(2, in.read(b, 0, 8));
        assertThrows(IOException.class, () -> in.read(b, 0, 8));
        assertTrue(in.failed());
        Verdict<byte[]> v = FrameReader.read(new ScriptedInputStream(FRAME, 1, 6), Framing.MAX_FRAME_BYTES);
        assertTrue(v instanceof Verdict.Rejected<byte[]> r && r.rejection().reason() == ReasonCode.IO, v.toString());
        assertTrue(FrameReader.read(new ScriptedInputStream(FRAME, 1, -1), Framing.MAX_FRAME_BYTES).accepted());
    }
}
