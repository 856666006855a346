package io.handoffkit.conformance.runner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.handoffkit.conformance.runner.faulty.broker.BrokerFault;
import io.handoffkit.conformance.runner.faulty.broker.MiniBroker;
import io.handoffkit.conformance.runner.model.RunOptions;
import io.handoffkit.conformance.runner.model.RunResult;
import io.handoffkit.conformance.runner.model.Timing;
import io.handoffkit.conformance.runner.suite.broker.BrokerSuite;
import io.handoffkit.conformance.runner.targets.InProcessTarget;
import io.handoffkit.conformance.runner.targets.TargetException;
import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Self-validation of the broker suite: the whole suite against each broker of the faulty catalogue
 * (in process, real sockets and descriptors). The correct one passes every case; each faulty one
 * fails exactly the cases listed in its {@link BrokerFault#failing()} (the matrix), every one of
 * them a case of the rule it breaks or of that rule's consequences the list names.
 */
@DisplayName("Runner self-validation: the faulty broker catalogue (in process)")
@Tag("slow")
public class FaultyBrokersTest {

    public static final Duration ACK_DEADLINE = Duration.ofMillis(300);
    /** The brokers' bound on reading a Hello (BPROFILE-5), the run's idle bound. */
    public static final Duration HELLO_DEADLINE = Duration.ofMillis(500);
    public static final RunOptions OPTIONS = RunOptions.defaults()
            .withTiming(Timing.DEFAULTS.withAckTimeout(ACK_DEADLINE).withIdleBound(HELLO_DEADLINE).withCloseBound(Duration.ofSeconds(1))).withTries(12).withSeed(20261207L);

    static InProcessTarget faulty(BrokerFault fault) {
        return InProcessTarget.withEndpoints("in-process faulty broker " + fault,
                at -> MiniBroker.start(at.path("socket"), at.path("backend"), fault, ACK_DEADLINE, HELLO_DEADLINE));
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(BrokerFault.class)
    @DisplayName("each faulty broker fails exactly its cases; the correct one none")
    void matrix(BrokerFault fault) throws TargetException {
        RunResult r = new ConformanceRunner(BrokerSuite.SUITE, faulty(fault), OPTIONS).run();
        Set<String> failing = SelfValidation.failing(r);
        System.out.printf("%-26s %-10s %5.1f s  fails %s%n", fault, fault.requirement(), r.duration().toMillis() / 1000.0, failing);
        if (fault == BrokerFault.NONE) {
            assertEquals(Set.of(), failing, "the correct broker must pass every case:" + SelfValidation.explain(r));
            return;
        }
        assertTrue(failing.stream().anyMatch(id -> id.startsWith("broker/" + fault.requirement() + "/")), fault + SelfValidation.explain(r));
        assertEquals(fault.failing(), failing, fault + " (" + fault.description() + "): the failing cases" + SelfValidation.explain(r));
    }
}
