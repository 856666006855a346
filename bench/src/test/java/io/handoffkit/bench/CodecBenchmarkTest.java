package io.handoffkit.bench;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import io.handoffkit.backend.OfferReader;
import io.handoffkit.wire.Verdict;
import java.io.ByteArrayInputStream;
import java.util.HexFormat;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The benchmarks measure the success path: every decode ends in an accepted verdict, every encode round-trips. */
class CodecBenchmarkTest {

    private final CodecBenchmark bench = new CodecBenchmark();

    CodecBenchmarkTest() throws Exception {
        bench.setUp();
    }

    @Test
    @DisplayName("OFFER-1 the offer benchmark input passes every backend check")
    void offerAccepted() {
        assertInstanceOf(Verdict.Accepted.class, bench.offerDecodeValidate());
    }

    @Test
    @DisplayName("ACK-1 the ACK benchmark input passes every broker check, deadline included")
    void ackAccepted() {
        assertInstanceOf(Verdict.Accepted.class, bench.ackDecodeValidate());
    }

    @Test
    @DisplayName("RELAY-1 the relay benchmark input passes every client check")
    void relayAccepted() {
        assertInstanceOf(Verdict.Accepted.class, bench.relayDecodeValidate());
    }

    @Test
    @DisplayName("the decoded frames are the bytes upstream's oracle-codec-bench measures (its --print-frames)")
    void sameFramesAsUpstream() {
        assertEquals("0127000000080118ffa103221d1210000102030405060708090a0b0c0d0e0f1a077a63636163686520072807",
                HexFormat.of().formatHex(bench.offerWire));
        assertEquals("01220000000801100118ffa10322160a10000102030405060708090a0b0c0d0e0f100120072807",
                HexFormat.of().formatHex(bench.ackWire));
        assertEquals("01220000000801100218ffa10322160a10000102030405060708090a0b0c0d0e0f100120072807",
                HexFormat.of().formatHex(bench.relayWire));
    }

    @Test
    @DisplayName("FRAMES-1 FRAMES-2 the encode benchmarks produce the frames the decoders accept")
    void encodeRoundTrips() throws Exception {
        assertArrayEquals(bench.offerWire, bench.offerEncode());
        assertArrayEquals(bench.ackWire, bench.ackEncode());
        assertInstanceOf(Verdict.Accepted.class, OfferReader.read(new ByteArrayInputStream(bench.offerEncode())));
    }
}
