package io.handoffkit.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.handoffkit.fuzz.targets.ClientTargets;

/** The client's relay check (RELAY-1..RELAY-4). Regression inputs: {@code ClientFuzzInputs/relayCheck/}. */
class ClientFuzz {

    @FuzzTest(maxDuration = "5m")
    void relayCheck(byte[] input) {
        ClientTargets.relayCheck(input);
    }
}
