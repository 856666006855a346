package io.handoffkit.fuzz;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.handoffkit.fuzz.targets.BookkeepingTarget;

/** Token store + ACK registry against a model (TOKEN-2..7, REG-1..6). Regression inputs: {@code BookkeepingFuzzInputs/}. */
class BookkeepingFuzz {

    @FuzzTest(maxDuration = "5m")
    void tokenStoreAndRegistry(FuzzedDataProvider data) {
        BookkeepingTarget.fuzz(data);
    }
}
