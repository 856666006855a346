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
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The divergence scanner of the differential targets recognises DEC-6, DEC-8, DEC-10, DEC-11 and DEC-12 where
 * a strict decoder meets them first, and nothing else: bytes just outside a class (where protobuf-java fails
 * too) are not excused. Whether it misses one upstream rejects is what the differential targets' regression
 * run shows (every acceptable golden vector is a seed, and so are the campaigns' findings).
 */
@DisplayName("DEC-6 / DEC-8 / DEC-10 / DEC-11 / DEC-12 recognised in the bytes")
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
    @DisplayName("DEC-10: a 10-byte varint whose last byte is over 1 overflows 64 bits; with last byte 1 it does not")
    void overflowingVarint() {
        assertEquals(Optional.of(Kind.OVERFLOWING_VARINT), kind(Role.BROKER_ACK, frame("08" + "81" + "80".repeat(8) + "02")));
        assertEquals(Optional.of(Kind.OVERFLOWING_VARINT), kind(Role.BROKER_ACK, frame("0801" + "42" + "83" + "80".repeat(8) + "7f616263")));
        assertEquals(Optional.empty(), DecoderDivergence.find(Role.BROKER_ACK, frame("08" + "81" + "80".repeat(8) + "01")));
    }

    @Test
    @DisplayName("DEC-10: an odd last byte with the continuation bit, where protobuf-java reads 64 bits (uint64, bool, unknown varint)")
    void continuationBitInTheTenthByte() {
        for (String last : new String[] {"81", "83", "a3", "df", "ff"}) {
            assertEquals(Optional.of(Kind.OVERFLOWING_VARINT), kind(Role.BROKER_ACK, frame(ENVELOPE + "38" + "80".repeat(9) + last)), last);
        }
        assertEquals(Optional.of(Kind.OVERFLOWING_VARINT), kind(Role.CLIENT_RELAY, frame(ENVELOPE + "80" + "01" + "ff".repeat(9) + "81")));
        assertEquals(Optional.of(Kind.OVERFLOWING_VARINT), kind(Role.CLIENT_RELAY, frame(ENVELOPE + nested(3, "08" + "ff".repeat(9) + "81"))));
        Optional<Divergence> bool = DecoderDivergence.find(Role.BROKER_ACK, frame(ENVELOPE + "220b" + "10" + "81" + "80".repeat(8) + "81"));
        assertEquals(Optional.of(Kind.OVERFLOWING_VARINT), bool.map(Divergence::kind));
        assertEquals(Optional.of(Layer.PAYLOAD), bool.map(Divergence::layer));
    }

    @Test
    @DisplayName("DEC-10 not excused: an even last byte with the continuation bit, or one in a tag, a length, a uint32 or an enum (protobuf-java rejects them too)")
    void continuationBitWhereBothReject() {
        for (String last : new String[] {"80", "82", "a2", "fe"}) {
            assertEquals(Optional.empty(), DecoderDivergence.find(Role.BROKER_ACK, frame(ENVELOPE + "38" + "80".repeat(9) + last)), last);
        }
        String odd = "80".repeat(9) + "81";
        assertEquals(Optional.empty(), DecoderDivergence.find(Role.BROKER_ACK, frame("08" + odd)), "envelope_version (uint32)");
        assertEquals(Optional.empty(), DecoderDivergence.find(Role.BROKER_ACK, frame("0801" + "10" + odd)), "kind (enum)");
        assertEquals(Optional.empty(), DecoderDivergence.find(Role.BROKER_ACK, frame("0801" + "88" + "80".repeat(8) + "81" + "01")), "a tag");
        assertEquals(Optional.empty(), DecoderDivergence.find(Role.BROKER_ACK, frame(ENVELOPE + "52" + odd)), "a length");
        assertEquals(Optional.empty(), DecoderDivergence.find(Role.BROKER_ACK, frame(ENVELOPE + "38" + "80".repeat(10) + "00")), "11 bytes");
    }

    @Test
    @DisplayName("DEC-11: a length of 2^32 or more whose low 32 bits protobuf-java can read, in Frame, payload and groups")
    void overlongLength() {
        assertEquals(Optional.of(Kind.OVERLONG_LENGTH), kind(Role.CLIENT_RELAY, frame(ENVELOPE + "42" + "8380808010" + "616263")));
        assertEquals(Optional.of(Kind.OVERLONG_LENGTH), kind(Role.BROKER_ACK, frame(ENVELOPE + "52" + "8080808010")));
        assertEquals(Optional.of(Kind.OVERLONG_LENGTH), kind(Role.BROKER_ACK, frame(ENVELOPE + "52" + "80".repeat(9) + "01")), "2^63");
        assertEquals(Optional.of(Kind.OVERLONG_LENGTH), kind(Role.BROKER_ACK, frame(ENVELOPE + "52" + "80808080f0" + "ff".repeat(4) + "01")), "2^64-2^32");
        assertEquals(Optional.of(Kind.OVERLONG_LENGTH), kind(Role.BROKER_ACK, frame(ENVELOPE + nested(2, "0a" + "8080808070"))));
        Optional<Divergence> token = DecoderDivergence.find(Role.BACKEND_OFFER, frame(ENVELOPE + "2207" + "12" + "8180808010" + "00"));
        assertEquals(Optional.of(Kind.OVERLONG_LENGTH), token.map(Divergence::kind));
        assertEquals(Optional.of(Layer.PAYLOAD), token.map(Divergence::layer));
    }

    @Test
    @DisplayName("DEC-11 not excused: low 32 bits past the end or negative, a 32-bit length past the end; a 10-byte length ending in 0x02 is DEC-10 first")
    void lengthsWhereBothReject() {
        assertEquals(Optional.empty(), DecoderDivergence.find(Role.CLIENT_RELAY, frame(ENVELOPE + "42" + "8480808010" + "616263")));
        assertEquals(Optional.empty(), DecoderDivergence.find(Role.CLIENT_RELAY, frame(ENVELOPE + "42" + "8080808018")), "2^32 + 2^31");
        assertEquals(Optional.empty(), DecoderDivergence.find(Role.CLIENT_RELAY, frame(ENVELOPE + "42" + "ffffffff0f")), "2^32 - 1");
        assertEquals(Optional.empty(), DecoderDivergence.find(Role.CLIENT_RELAY, frame(ENVELOPE + "42" + "04" + "616263")));
        assertEquals(Optional.of(Kind.OVERFLOWING_VARINT), kind(Role.CLIENT_RELAY, frame(ENVELOPE + "52" + "80".repeat(9) + "02")));
    }

    @Test
    @DisplayName("DEC-12: any field but a group inside 100 nested groups, in Frame and payload")
    void deepNesting() {
        for (String inner : new String[] {"0801", "1d00000000", "1900000000000000000a0178", "0a0178"}) {
            assertEquals(Optional.of(Kind.DEEP_NESTING), kind(Role.CLIENT_RELAY, frame(ENVELOPE + nested(100, inner))), inner);
        }
        Optional<Divergence> payload = DecoderDivergence.find(Role.BACKEND_OFFER, frame(ENVELOPE + "229203" + nested(100, "0801")));
        assertEquals(Optional.of(Kind.DEEP_NESTING), payload.map(Divergence::kind));
        assertEquals(Optional.of(Layer.PAYLOAD), payload.map(Divergence::layer));
        assertEquals(Optional.of(Kind.DEEP_NESTING), kind(Role.CLIENT_RELAY, frame(ENVELOPE + nested(99, "0801" + nested(1, "1d00000000")))));
    }

    @Test
    @DisplayName("DEC-12 not excused: 99 groups, 100 empty groups, a 101st group (protobuf-java refuses it too), a bad tag inside the 100th")
    void nestingWhereBothAgree() {
        assertEquals(Optional.empty(), DecoderDivergence.find(Role.CLIENT_RELAY, frame(ENVELOPE + nested(99, "0801"))));
        assertEquals(Optional.empty(), DecoderDivergence.find(Role.CLIENT_RELAY, frame(ENVELOPE + nested(100, ""))));
        assertEquals(Optional.empty(), DecoderDivergence.find(Role.CLIENT_RELAY, frame(ENVELOPE + nested(101, ""))));
        assertEquals(Optional.empty(), DecoderDivergence.find(Role.CLIENT_RELAY, frame(ENVELOPE + nested(101, "0801"))));
        assertEquals(Optional.empty(), DecoderDivergence.find(Role.CLIENT_RELAY, frame(ENVELOPE + nested(100, "0f"))), "wire type 7");
        assertEquals(Optional.empty(), DecoderDivergence.find(Role.CLIENT_RELAY, frame(ENVELOPE + nested(100, "0001"))), "field 0");
    }

    @Test
    @DisplayName("the differential targets' committed regression inputs (the campaigns' examples and findings) hold the DEC class their name says")
    void committedRegressionInputs() throws Exception {
        Map<String, Kind> byRequirement = Map.of("dec10", Kind.OVERFLOWING_VARINT, "dec11", Kind.OVERLONG_LENGTH, "dec12", Kind.DEEP_NESTING);
        Map<String, Role> byMethod = Map.of("backendOffer", Role.BACKEND_OFFER, "brokerAck", Role.BROKER_ACK, "clientRelay", Role.CLIENT_RELAY);
        int checked = 0;
        for (Map.Entry<String, Role> method : byMethod.entrySet()) {
            Path dir = Path.of(getClass().getResource("DifferentialFuzzInputs/" + method.getKey()).toURI());
            try (Stream<Path> files = Files.list(dir)) {
                for (Path file : files.toList()) {
                    String name = file.getFileName().toString();
                    Optional<Kind> named = byRequirement.entrySet().stream().filter(e -> name.contains(e.getKey())).map(Map.Entry::getValue).findFirst();
                    if (named.isPresent()) {
                        assertEquals(named, kind(method.getValue(), Files.readAllBytes(file)), method.getKey() + "/" + name);
                        checked++;
                    }
                }
            }
        }
        assertTrue(checked >= byRequirement.size(), "committed DEC-10..DEC-12 regression inputs: " + checked);
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
        // prost refuses a field inside 100 groups before it reads the field's value
        assertEquals(Optional.of(Kind.DEEP_NESTING), kind(Role.CLIENT_RELAY, frame(nested(100, "1d00000000"))));
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
