package io.handoffkit.conformance.upstream;

import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;
import org.opentest4j.TestAbortedException;

/** The one decision every upstream-peer test takes when the peer is absent. */
@DisplayName("Upstream peer absent: a failure where it is required, else a skip that says how to get it")
class UpstreamPeerAssumptionTest {

    @Test
    @DisplayName("present: the tests run against it")
    void present() {
        UpstreamPeer peer = new UpstreamPeer(Path.of("/somewhere/upstream-peer"));
        assertSame(peer, UpstreamPeerAssumption.decide(Optional.of(peer), true));
        assertSame(peer, UpstreamPeerAssumption.decide(Optional.of(peer), false));
    }

    @Test
    @DisplayName("absent and required (HANDOFF_KIT_REQUIRE_UPSTREAM_PEER=true): the test fails, saying how to get the peer")
    void absentAndRequired() {
        AssertionFailedError e = assertThrows(AssertionFailedError.class, () -> UpstreamPeerAssumption.decide(Optional.empty(), true));
        assertTrue(e.getMessage().contains(UpstreamPeer.REQUIRE_VARIABLE) && e.getMessage().contains(UpstreamPeer.LOCATION_VARIABLE), e.getMessage());
    }

    @Test
    @DisplayName("absent and not required: the test is aborted (skipped, not passed), saying how to get the peer")
    void absentAndNotRequired() {
        TestAbortedException e = assertThrows(TestAbortedException.class, () -> UpstreamPeerAssumption.decide(Optional.empty(), false));
        assertTrue(e.getMessage().contains(UpstreamPeer.LOCATION_VARIABLE), e.getMessage());
    }
}
