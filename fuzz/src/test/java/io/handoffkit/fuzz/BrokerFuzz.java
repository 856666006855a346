package io.handoffkit.fuzz;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.handoffkit.fuzz.targets.BrokerTargets;

/** The broker's ACK check (ACK-1..ACK-7). Regression inputs: {@code BrokerFuzzInputs/ackCheck/}. */
class BrokerFuzz {

    @FuzzTest(maxDuration = "5m")
    void ackCheck(FuzzedDataProvider data) {
        BrokerTargets.ackCheck(data);
    }
}
