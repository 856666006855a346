package io.handoffkit.fuzz;

import static org.junit.jupiter.api.Assertions.fail;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.handoffkit.conformance.upstream.UpstreamPeer;
import io.handoffkit.conformance.verdict.Role;
import io.handoffkit.fuzz.targets.DifferentialTargets;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;

/**
 * The reference against upstream 4.5.5 on the same bytes, per role (the acceptable divergences DEC-6, DEC-8,
 * DEC-10, DEC-11 and DEC-12 aside). Regression inputs: {@code DifferentialFuzzInputs/<method>/}, the seeds
 * generated from the vectors and the committed examples and campaign findings of DEC-10..DEC-12. Skipped
 * without the upstream peer, a failure when {@code HANDOFF_KIT_REQUIRE_UPSTREAM_PEER=true}.
 */
class DifferentialFuzz {

    @BeforeAll
    static void upstreamPeer() {
        if (UpstreamPeer.locate().isEmpty()) {
            if (UpstreamPeer.required()) {
                fail(UpstreamPeer.REQUIRE_VARIABLE + "=true but " + UpstreamPeer.absence());
            }
            System.out.println("differential fuzz targets skipped: " + UpstreamPeer.absence()); // surefire does not show abort reasons
            Assumptions.abort(UpstreamPeer.absence());
        }
    }

    @FuzzTest(maxDuration = "5m")
    void backendOffer(byte[] input) {
        DifferentialTargets.run(Role.BACKEND_OFFER, input);
    }

    @FuzzTest(maxDuration = "5m")
    void brokerAck(byte[] input) {
        DifferentialTargets.run(Role.BROKER_ACK, input);
    }

    @FuzzTest(maxDuration = "5m")
    void clientRelay(byte[] input) {
        DifferentialTargets.run(Role.CLIENT_RELAY, input);
    }
}
