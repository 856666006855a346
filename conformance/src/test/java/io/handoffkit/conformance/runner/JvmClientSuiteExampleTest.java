package io.handoffkit.conformance.runner;

import io.handoffkit.transport.unix.ClientSessions;
import io.handoffkit.transport.unix.ReferenceClient;
import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.TestFactory;

/**
 * The JUnit 5 entry point for JVM client implementers, as they would write it in their own
 * project: the client suite as dynamic tests against a client in its session loop. Here "their"
 * client is the reference's {@code ReferenceClient} with a 1 s relay wait.
 */
@DisplayName("JUnit 5 entry point: the client suite against a client object")
@Tag("process")
class JvmClientSuiteExampleTest {

    @TestFactory
    Stream<DynamicTest> clientConformance() {
        return JvmClientSuite.of("ReferenceClient (as an implementer's object)",
                        socket -> ClientSessions.start(new ReferenceClient(ReferenceClient.Settings.of(socket).withRelayWait(Duration.ofSeconds(1)))))
                .options(o -> o.withTries(20))
                .tests((name, body) -> DynamicTest.dynamicTest(name, body::run));
    }
}
