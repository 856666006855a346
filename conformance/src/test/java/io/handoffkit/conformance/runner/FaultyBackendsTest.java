package io.handoffkit.conformance.runner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.handoffkit.conformance.runner.faulty.Fault;
import io.handoffkit.conformance.runner.model.RunResult;
import io.handoffkit.conformance.runner.suite.backend.BackendSuite;
import io.handoffkit.conformance.runner.targets.TargetException;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Self-validation: the whole suite against each backend of the faulty catalogue (in process, real
 * sockets and descriptors). The correct one passes every case; each faulty one fails the case of
 * the requirement it violates, and exactly the cases listed in its {@link Fault#failing()} (the
 * matrix), all of them cases of that requirement unless the list says otherwise.
 */
@DisplayName("Runner self-validation: the faulty backend catalogue (in process)")
@Tag("slow")
class FaultyBackendsTest {

    @ParameterizedTest(name = "{0}")
    @EnumSource(Fault.class)
    @DisplayName("each faulty backend fails exactly its cases; the correct one none")
    void matrix(Fault fault) throws TargetException {
        RunResult r = new ConformanceRunner(BackendSuite.SUITE, SelfValidation.inProcess(fault), SelfValidation.OPTIONS).run();
        Set<String> failing = SelfValidation.failing(r);
        System.out.printf("%-36s %-10s %5.1f s  fails %s%n", fault, fault.requirement(), r.duration().toMillis() / 1000.0, failing);
        if (fault == Fault.NONE) {
            assertEquals(Set.of(), failing, "the correct backend must pass every case:" + SelfValidation.explain(r));
            return;
        }
        assertTrue(failing.contains(fault.designated()), fault + " must fail " + fault.designated() + SelfValidation.explain(r));
        assertEquals(fault.failing(), failing, fault + " (" + fault.description() + "): the failing cases" + SelfValidation.explain(r));
    }
}
