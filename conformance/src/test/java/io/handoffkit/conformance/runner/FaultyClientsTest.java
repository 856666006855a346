package io.handoffkit.conformance.runner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.handoffkit.conformance.runner.faulty.client.ClientFault;
import io.handoffkit.conformance.runner.faulty.client.MiniClient;
import io.handoffkit.conformance.runner.model.RunOptions;
import io.handoffkit.conformance.runner.model.RunResult;
import io.handoffkit.conformance.runner.model.Timing;
import io.handoffkit.conformance.runner.suite.client.ClientSuite;
import io.handoffkit.conformance.runner.targets.InProcessTarget;
import io.handoffkit.conformance.runner.targets.TargetException;
import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Self-validation of the client suite: the whole suite against each client of the faulty catalogue
 * (in process, real sockets and descriptors). The correct one passes every case; each faulty one
 * fails exactly the cases listed in its {@link ClientFault#failing()} (the matrix), among them a
 * case of the rule it breaks.
 */
@DisplayName("Runner self-validation: the faulty client catalogue (in process)")
@Tag("slow")
class FaultyClientsTest {

    static final Duration RELAY_WAIT = Duration.ofSeconds(1);
    static final RunOptions OPTIONS = RunOptions.defaults().withTiming(Timing.DEFAULTS.withCloseBound(Duration.ofSeconds(1))).withTries(12)
            .withSeed(20261207L);

    static InProcessTarget faulty(ClientFault fault) {
        return InProcessTarget.withEndpoints("in-process faulty client " + fault, at -> MiniClient.start(at.path("socket"), fault, RELAY_WAIT));
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(ClientFault.class)
    @DisplayName("each faulty client fails exactly its cases; the correct one none")
    void matrix(ClientFault fault) throws TargetException {
        RunResult r = new ConformanceRunner(ClientSuite.SUITE, faulty(fault), OPTIONS).run();
        Set<String> failing = SelfValidation.failing(r);
        System.out.printf("%-22s %-10s %5.1f s  fails %s%n", fault, fault.requirement(), r.duration().toMillis() / 1000.0, failing);
        if (fault == ClientFault.NONE) {
            assertEquals(Set.of(), failing, "the correct client must pass every case:" + SelfValidation.explain(r));
            return;
        }
        assertTrue(failing.stream().anyMatch(id -> id.startsWith("client/" + fault.requirement() + "/")), fault + SelfValidation.explain(r));
        assertEquals(fault.failing(), failing, fault + " (" + fault.description() + "): the failing cases" + SelfValidation.explain(r));
    }
}
