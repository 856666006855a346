package io.handoffkit.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.handoffkit.fuzz.targets.BackendTargets;

/** The backend's entry points (OFFER-*, TOKEN-2..5). Regression inputs: {@code BackendFuzzInputs/<method>/}. */
class BackendFuzz {

    @FuzzTest(maxDuration = "5m")
    void offerRead(byte[] input) {
        BackendTargets.offerRead(input);
    }

    @FuzzTest(maxDuration = "5m")
    void offerServe(byte[] input) {
        BackendTargets.offerServe(input);
    }
}
