package com.example.echo;

import io.handoffkit.conformance.runner.JvmBackendSuite;
import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/** Our backend, judged by every case of handoff-kit's backend suite: one JUnit test per case. */
@DisplayName("EchoBackend speaks the v1 handoff protocol")
class EchoBackendConformanceTest {

    /** Short, so the timing cases run fast; the suite's idle bound must be longer. */
    private static final Duration OFFER_DEADLINE = Duration.ofMillis(400);

    @TestFactory
    Stream<DynamicTest> conformsToTheHandoffSpec() {
        return JvmBackendSuite.of("EchoBackend", socket -> new EchoBackend(socket, OFFER_DEADLINE))
                .options(run -> run.withTiming(run.timing().withIdleBound(OFFER_DEADLINE.multipliedBy(3))))
                .tests((caseName, body) -> DynamicTest.dynamicTest(caseName, body::run));
    }
}
