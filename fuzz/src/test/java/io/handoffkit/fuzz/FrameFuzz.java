package io.handoffkit.fuzz;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.handoffkit.fuzz.targets.FrameReaderTarget;

/** The frame layer (FRAME-*, DEC-1). Regression inputs: {@code FrameFuzzInputs/frameReader/}. */
class FrameFuzz {

    @FuzzTest(maxDuration = "5m")
    void frameReader(FuzzedDataProvider data) {
        FrameReaderTarget.fuzz(data);
    }
}
