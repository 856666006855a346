package io.handoffkit.conformance.runner.suite.broker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.handoffkit.conformance.runner.ConformanceRunner;
import io.handoffkit.conformance.runner.SelfValidation;
import io.handoffkit.conformance.runner.model.ProtocolRole;
import io.handoffkit.conformance.runner.model.RunOptions;
import io.handoffkit.conformance.runner.model.RunResult;
import io.handoffkit.conformance.runner.model.Timing;
import io.handoffkit.conformance.runner.suite.Suites;
import io.handoffkit.conformance.runner.targets.Target;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The broker suite (SPEC.md Appendix B): its shape, and a run against the reference broker. */
@DisplayName("The broker suite (SPEC.md Appendix B)")
class BrokerSuiteTest {

    /** The broker suite's run settings: the reference target's ACK bound, 1 s bounds. */
    static final RunOptions OPTIONS = RunOptions.defaults().withTiming(Timing.DEFAULTS.withCloseBound(Duration.ofSeconds(1))).withTries(12)
            .withSeed(20261207L);

    @Test
    @DisplayName("the suite of --role broker: prefix broker, endpoints {socket} and {backend}, cases per section")
    void shape() {
        assertEquals(BrokerSuite.SUITE, Suites.of(ProtocolRole.BROKER).orElseThrow());
        assertEquals(List.of("socket", "backend"), BrokerSuite.SUITE.endpoints().stream().map(e -> e.name()).toList());
        Map<BrokerSection, Long> counts = new TreeMap<>(BrokerSuite.SUITE.cases().stream()
                .collect(Collectors.groupingBy(c -> (BrokerSection) c.section(), Collectors.counting())));
        System.out.println("broker suite: " + BrokerSuite.SUITE.cases().size() + " cases " + counts);
        assertTrue(BrokerSuite.SUITE.cases().size() >= 50);
    }

    @Test
    @DisplayName("the reference broker passes every case, within 10 s of wall time")
    void reference() throws Exception {
        Target target = Suites.reference(ProtocolRole.BROKER).orElseThrow();
        RunOptions options = OPTIONS.withTiming(target.timing(OPTIONS.timing()));
        RunResult r = new ConformanceRunner(BrokerSuite.SUITE, target, options).run();
        System.out.printf("reference broker: %d cases in %.1f s%n", r.results().size(), r.duration().toMillis() / 1000.0);
        assertEquals(List.of(), List.copyOf(SelfValidation.failing(r)), SelfValidation.explain(r));
        assertEquals(BrokerSuite.SUITE.cases().size(), r.results().size());
    }
}
