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
import io.handoffkit.profile.Profile;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The broker suite (SPEC.md Appendix B): its shape, and a run against the reference broker. */
@DisplayName("The broker suite (SPEC.md Appendix B)")
@Tag("process")
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

    @ParameterizedTest(name = "profile {0}")
    @EnumSource(Profile.class)
    @DisplayName("the reference broker passes every case of each profile (ACK-7's bound in 4.6.2, ACK-9's in 4.5.5), within 10 s of wall time")
    void reference(Profile profile) throws Exception {
        Target target = Suites.reference(ProtocolRole.BROKER, profile).orElseThrow();
        RunOptions options = OPTIONS.withProfile(profile).withTiming(target.timing(OPTIONS.timing()));
        RunResult r = new ConformanceRunner(BrokerSuite.SUITE, target, options).run();
        System.out.printf("reference broker, profile %s: %d cases in %.1f s%n", profile.id(), r.results().size(), r.duration().toMillis() / 1000.0);
        assertEquals(List.of(), List.copyOf(SelfValidation.failing(r)), SelfValidation.explain(r));
        assertEquals(BrokerSuite.SUITE.cases().size() - BrokerSuite.SUITE.outsideProfile(options).size(), r.results().size(),
                "every case of the run's profile ran");
    }
}
