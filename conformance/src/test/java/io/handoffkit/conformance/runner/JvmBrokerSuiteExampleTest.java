package io.handoffkit.conformance.runner;

import io.handoffkit.broker.FailureRateLimit;
import io.handoffkit.transport.unix.ReferenceBroker;
import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.TestFactory;

/**
 * The JUnit 5 entry point for JVM broker implementers, as they would write it in their own
 * project: the broker suite as dynamic tests against a broker object. Here "their" broker is the
 * reference's {@code ReferenceBroker} with a short ACK deadline and no pause after failures.
 */
@DisplayName("JUnit 5 entry point: the broker suite against a broker object")
@Tag("process")
class JvmBrokerSuiteExampleTest {

    private static final Duration ACK_DEADLINE = Duration.ofMillis(300);
    private static final Duration HELLO_DEADLINE = Duration.ofMillis(500);

    @TestFactory
    Stream<DynamicTest> brokerConformance() {
        return JvmBrokerSuite.of("ReferenceBroker (as an implementer's object)", ACK_DEADLINE,
                        (socket, backend) -> ReferenceBroker.builder(socket, backend).ackDeadline(ACK_DEADLINE)
                                .helloDeadline(HELLO_DEADLINE).failureLimit(FailureRateLimit.unlimited()).start())
                .options(o -> o.withTries(20).withTiming(o.timing().withIdleBound(HELLO_DEADLINE)))
                .tests((name, body) -> DynamicTest.dynamicTest(name, body::run));
    }
}
