package io.handoffkit.conformance.upstream;

import static org.junit.jupiter.api.Assertions.fail;

import java.util.Optional;
import org.junit.jupiter.api.Assumptions;

/**
 * What a test that needs the upstream peer does when the peer is absent: fail when
 * {@code HANDOFF_KIT_REQUIRE_UPSTREAM_PEER=true} ({@code .ci/run} sets it), otherwise print how to
 * get the peer and abort (a skip, never a pass).
 */
public final class UpstreamPeerAssumption {

    private UpstreamPeerAssumption() {}

    /** The peer, or the test (class, from {@code @BeforeAll}) ends as {@link #decide} says. */
    public static UpstreamPeer peer() {
        return decide(UpstreamPeer.locate(), UpstreamPeer.required());
    }

    static UpstreamPeer decide(Optional<UpstreamPeer> located, boolean required) {
        if (located.isPresent()) {
            return located.get();
        }
        if (required) {
            return fail(UpstreamPeer.REQUIRE_VARIABLE + "=true but " + UpstreamPeer.absence());
        }
        System.out.println("skipped: " + UpstreamPeer.absence()); // surefire's summary does not show an aborted test's reason
        return Assumptions.abort(UpstreamPeer.absence());
    }
}
