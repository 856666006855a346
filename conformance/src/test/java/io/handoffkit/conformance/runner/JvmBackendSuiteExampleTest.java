package io.handoffkit.conformance.runner;

import io.handoffkit.transport.unix.UnixHandoffBackend;
import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * The JUnit 5 entry point for JVM implementers, as they would write it in their own project:
 * the whole suite as dynamic tests against a backend object. Here "their" backend is the
 * reference's {@code UnixHandoffBackend}, configured with a short offer deadline and the matching
 * idle bound.
 */
@DisplayName("JUnit 5 entry point: the suite against a backend object")
class JvmBackendSuiteExampleTest {

    @TestFactory
    Stream<DynamicTest> handoffConformance() {
        return JvmBackendSuite.of("UnixHandoffBackend (as an implementer's object)",
                        socket -> UnixHandoffBackend.builder(socket).offerDeadline(Duration.ofMillis(300)).start())
                .options(o -> o.withTiming(o.timing().withIdleBound(Duration.ofSeconds(1))).withTries(20))
                .tests((name, body) -> DynamicTest.dynamicTest(name, body::run));
    }
}
