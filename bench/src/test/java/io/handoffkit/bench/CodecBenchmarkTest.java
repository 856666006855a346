package io.handoffkit.bench;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import io.handoffkit.backend.OfferReader;
import io.handoffkit.wire.Verdict;
import java.io.ByteArrayInputStream;
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
    @DisplayName("FRAMES-1 FRAMES-2 the encode benchmarks produce the frames the decoders accept")
    void encodeRoundTrips() throws Exception {
        assertArrayEquals(bench.offerWire, bench.offerEncode());
        assertArrayEquals(bench.ackWire, bench.ackEncode());
        assertInstanceOf(Verdict.Accepted.class, OfferReader.read(new ByteArrayInputStream(bench.offerEncode())));
    }
}
