package io.handoffkit.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.handoffkit.backend.OfferReader;
import io.handoffkit.broker.AckCheck;
import io.handoffkit.client.RelayCheck;
import io.handoffkit.conformance.verdict.Role;
import io.handoffkit.conformance.verdict.RoleEvaluator;
import io.handoffkit.conformance.verdict.RoleInputs;
import io.handoffkit.fuzz.oracle.AllocationMeter;
import io.handoffkit.fuzz.oracle.ScriptedInputStream;
import io.handoffkit.fuzz.targets.BackendTargets;
import io.handoffkit.fuzz.targets.BrokerTargets;
import io.handoffkit.fuzz.targets.ClientTargets;
import io.handoffkit.fuzz.targets.Fixtures;
import io.handoffkit.fuzz.targets.FrameReaderTarget;
import io.handoffkit.time.ManualClock;
import io.handoffkit.wire.FrameReader;
import io.handoffkit.wire.Framing;
import io.handoffkit.wire.ReasonCode;
import io.handoffkit.wire.Verdict;
import java.io.ByteArrayInputStream;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * FRAME-8 in the fuzzing JVM: it runs with a small heap (-Xmx256m, fuzz/pom.xml),
 * and a header claiming 16 MiB followed by little data costs a small chunk in
 * every decoder entry point, measured by the same meter the fuzz targets use.
 */
@DisplayName("FRAME-8 bounded allocation in the fuzzing JVM")
class BoundedAllocationTest {

    /** A 16 MiB claim (exactly the cap: allowed, so the reader starts reading the body) and 100 bytes. */
    static final byte[] CLAIM_16_MIB = claim(Framing.MAX_FRAME_BYTES, 100);
    /** What the claim may cost: the reader's first 8 KiB chunk plus objects and an exception message. */
    static final long SMALL = 64 * 1024;

    static byte[] claim(long length, int actual) {
        byte[] wire = new byte[Framing.HEADER_LENGTH + actual];
        wire[0] = (byte) Framing.FRAMING_VERSION;
        for (int i = 0; i < 4; i++) {
            wire[1 + i] = (byte) (length >>> (8 * i));
        }
        Arrays.fill(wire, Framing.HEADER_LENGTH, wire.length, (byte) 0x0A);
        return wire;
    }

    @BeforeAll
    static void meterWorks() {
        assertTrue(AllocationMeter.supported(), "this JVM cannot meter per-thread allocation");
        // warm up the paths so class loading is not counted
        for (int i = 0; i < 3; i++) {
            decoders().forEach(d -> d.apply(CLAIM_16_MIB));
        }
    }

    static List<Function<byte[], Object>> decoders() {
        return List.of(
                w -> FrameReader.read(new ByteArrayInputStream(w), Framing.MAX_FRAME_BYTES),
                w -> OfferReader.read(new ByteArrayInputStream(w)),
                w -> AckCheck.check(new ByteArrayInputStream(w), Fixtures.TOKEN, Fixtures.CORRELATION_ID, 0, new ManualClock()),
                w -> RelayCheck.check(new ByteArrayInputStream(w), Fixtures.TOKEN),
                w -> RoleEvaluator.evaluate(Role.BACKEND_OFFER, w, RoleInputs.none()));
    }

    @Test
    @DisplayName("the fuzzing JVM has a small heap (the argLine of fuzz/pom.xml is in effect)")
    void smallHeap() {
        long max = Runtime.getRuntime().maxMemory();
        assertTrue(max <= 256L * 1024 * 1024, "max heap " + max + " bytes: the fuzz module's -Xmx256m is not in effect");
    }

    @Test
    @DisplayName("a 16 MiB length claim followed by 100 bytes is TRUNCATED_BODY and allocates under 64 KiB in every entry point")
    void claimStaysSmall() {
        Verdict<byte[]> v = FrameReader.read(new ByteArrayInputStream(CLAIM_16_MIB), Framing.MAX_FRAME_BYTES);
        assertTrue(v instanceof Verdict.Rejected<byte[]> r && r.rejection().reason() == ReasonCode.TRUNCATED_BODY, v.toString());
        for (Function<byte[], Object> decoder : decoders()) {
            long used = AllocationMeter.measure(() -> decoder.apply(CLAIM_16_MIB));
            assertTrue(used < SMALL, "allocated " + used + " bytes for a 16 MiB claim with 100 bytes of data");
        }
    }

    @Test
    @DisplayName("the fuzz targets' allocation oracle passes the 16 MiB claim (and a 4 GiB claim) in every role")
    void targetsAcceptTheClaim() {
        for (byte[] wire : List.of(CLAIM_16_MIB, claim(0xFFFF_FFFFL, 100), claim(Framing.MAX_FRAME_BYTES, 0))) {
            BackendTargets.offerRead(wire);
            BackendTargets.offerServe(wire);
            BrokerTargets.run(wire, BrokerTargets.MODE_FAR_DEADLINE, 0);
            ClientTargets.relayCheck(wire);
            FrameReaderTarget.run(wire, 0, -1, Framing.MAX_FRAME_BYTES);
            FrameReaderTarget.run(wire, 3, -1, Framing.MAX_FRAME_BYTES);
        }
    }

    @Test
    @DisplayName("the body buffer grows with the bytes that arrive, not with the claim: 1 MiB trickled into a 16 MiB claim")
    void growsWithData() {
        int actual = 1 << 20;
        byte[] wire = claim(Framing.MAX_FRAME_BYTES, actual);
        ScriptedInputStream slow = new ScriptedInputStream(wire, 1000, -1);
        long used = AllocationMeter.measure(() -> {
            Verdict<byte[]> v = FrameReader.read(slow, Framing.MAX_FRAME_BYTES);
            assertTrue(v instanceof Verdict.Rejected<byte[]> r && r.rejection().reason() == ReasonCode.TRUNCATED_BODY);
        });
        assertEquals(wire.length, slow.position());
        // doubling from 8 KiB to the first size >= 1 MiB copies at most 2 MiB + 1 MiB: far below 16 MiB
        assertTrue(used < 4L * actual, "allocated " + used + " bytes for 1 MiB of data under a 16 MiB claim");
    }
}
