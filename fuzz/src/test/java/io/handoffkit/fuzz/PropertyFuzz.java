package io.handoffkit.fuzz;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.handoffkit.conformance.verdict.Role;
import io.handoffkit.fuzz.targets.PropertyTargets;
import org.junit.jupiter.api.Tag;

/** The conformance properties, one target per role, driven by Jazzer through the property generators. */
@Tag("slow")
class PropertyFuzz {

    @FuzzTest(maxDuration = "5m")
    void backendOfferProperties(FuzzedDataProvider data) {
        PropertyTargets.fuzz(Role.BACKEND_OFFER, data);
    }

    @FuzzTest(maxDuration = "5m")
    void brokerAckProperties(FuzzedDataProvider data) {
        PropertyTargets.fuzz(Role.BROKER_ACK, data);
    }

    @FuzzTest(maxDuration = "5m")
    void clientRelayProperties(FuzzedDataProvider data) {
        PropertyTargets.fuzz(Role.CLIENT_RELAY, data);
    }
}
