package io.handoffkit.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.handoffkit.conformance.vectors.VectorSuite;
import io.handoffkit.conformance.vectors.VectorSuite.Result;
import io.handoffkit.conformance.vectors.VectorSuite.VectorFile;
import io.handoffkit.conformance.vectors.VectorSuite.VectorTest;
import io.handoffkit.conformance.verdict.Role;
import io.handoffkit.fuzz.oracle.DecoderDivergence;
import io.handoffkit.fuzz.oracle.DecoderDivergence.Divergence;
import io.handoffkit.fuzz.oracle.DecoderDivergence.Kind;
import io.handoffkit.fuzz.oracle.DecoderDivergence.Layer;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.HexFormat;
import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The divergence scanner of the differential targets recognises DEC-6, DEC-8 and overflowing varints where
 * a strict decoder meets them first, and nothing else. Whether it misses one upstream rejects is what the
 * differential targets' regression run shows (every acceptable golden vector is a seed).
 */
@DisplayName("DEC-6 / DEC-8 / overflowing varints recognised in the bytes")
class DecoderDivergenceTest {

    /** envelope_version 1, kind, payload_protocol 0xD0FF as the handoff frames carry them */
    private static final String ENVELOPE = "0801" + "1000" + "18ffa103";

    @Test
    @DisplayName("in the golden vectors, only acceptable vectors flagged with the class hold it, at the layer of their strict reason code")
    void goldenVectorsHoldOnlyTheirFlaggedDivergences() {
        int found = 0;
        for (VectorFile file : VectorSuite.loadBundled()) {
            for (VectorTest t : file.tests()) {
                Optional<Divergence> d = DecoderDivergence.find(file.role(), t.wire());
                if (d.isPresent()) {
                    found++;
                    String where = file.role() + " #" + t.tcId() + ": " + d.get();
                    assertEquals(Result.ACCEPTABLE, t.result(), where);
                    assertTrue(t.flags().contains(d.get().kind().flag()), where + " but the flags are " + t.flags());
                    assertEquals(t.reason(), Optional.of(d.get().layer().strictReason()), where);
                }
            }
        }
        assertTrue(found > 0, "no golden vector holds a divergence");
    }

    @Test
    @DisplayName("a 10-byte varint whose last byte is over 1 overflows 64 bits; with last byte 1 it does not")
    void overflowingVarint() {
        assertEquals(Optional.of(Kind.OVERFLOWING_VARINT), kind(Role.BROKER_ACK, frame("08" + "81" + "80".repeat(8) + "02")));
        assertEquals(Optional.of(Kind.OVERFLOWING_VARINT), kind(Role.BROKER_ACK, frame("0801" + "42" + "83" + "80".repeat(8) + "7f616263")));
        assertEquals(Optional.empty(), DecoderDivergence.find(Role.BROKER_ACK, frame("08" + "81" + "80".repeat(8) + "01")));
    }

    @Test
    @DisplayName("a length with bits above 32 is not an acceptable class, though protobuf-java reads its low 32 bits")
    void lengthOver32BitsIsNotAcceptable() {
        assertEquals(Optional.empty(), DecoderDivergence.find(Role.CLIENT_RELAY, frame(ENVELOPE + "42" + "8380808010" + "616263")));
    }

    @Test
    @DisplayName("a divergence after a point where both decoders fail is not reported (wire type 7, then a fixed32 payload_protocol)")
    void hardFailureComesFirst() {
        assertEquals(Optional.empty(), DecoderDivergence.find(Role.CLIENT_RELAY, frame("0f" + "1d00000000")));
        assertEquals(Optional.of(Kind.WRONG_WIRE_TYPE), kind(Role.CLIENT_RELAY, frame("1d00000000" + "0f")));
    }

    @Test
    @DisplayName("an overlong tag inside unknown groups counts, unless prost's recursion limit stops it first (a 101st group)")
    void overlongTagInsideGroups() {
        String overlongTag = "8880808010" + "01";
        assertEquals(Optional.of(Kind.OVERLONG_TAG), kind(Role.CLIENT_RELAY, frame(nested(100, overlongTag))));
        assertEquals(Optional.empty(), DecoderDivergence.find(Role.CLIENT_RELAY, frame(nested(101, overlongTag))));
        // prost refuses a field inside 100 groups, protobuf-java does not: a divergence, but not an acceptable one
        assertEquals(Optional.empty(), DecoderDivergence.find(Role.CLIENT_RELAY, frame(nested(100, "1d00000000"))));
        assertEquals(Optional.of(Kind.WRONG_WIRE_TYPE), kind(Role.CLIENT_RELAY, frame(nested(99, "0801") + "1d00000000")));
    }

    @Test
    @DisplayName("the payload is read as the role's message, and only the last payload field counts (DEC-5)")
    void payloadAsTheRolesMessage() {
        String handleValueOverflowing = "08" + "81" + "80".repeat(8) + "02";
        String payload = "220b" + handleValueOverflowing;
        Optional<Divergence> offer = DecoderDivergence.find(Role.BACKEND_OFFER, frame(ENVELOPE + payload));
        assertEquals(Optional.of(Kind.OVERFLOWING_VARINT), offer.map(Divergence::kind));
        assertEquals(Optional.of(Layer.PAYLOAD), offer.map(Divergence::layer));
        // HandoffAck's field 1 is the token (bytes): a varint there is a wrong wire type first
        assertEquals(Optional.of(Kind.WRONG_WIRE_TYPE), kind(Role.CLIENT_RELAY, frame(ENVELOPE + payload)));
        assertEquals(Optional.empty(), DecoderDivergence.find(Role.BACKEND_OFFER, frame(ENVELOPE + payload + "2202" + "0801")));
    }

    private static Optional<Kind> kind(Role role, byte[] wire) {
        return DecoderDivergence.find(role, wire).map(Divergence::kind);
    }

    /** {@code depth} unknown groups (field 16) nested around {@code inner}. */
    private static String nested(int depth, String inner) {
        return "8301".repeat(depth) + inner + "8401".repeat(depth);
    }

    private static byte[] frame(String bodyHex) {
        byte[] body = HexFormat.of().parseHex(bodyHex);
        return ByteBuffer.allocate(5 + body.length).order(ByteOrder.LITTLE_ENDIAN).put((byte) 1).putInt(body.length).put(body).array();
    }
}
