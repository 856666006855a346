package io.handoffkit.conformance.runner.suite.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.handoffkit.conformance.runner.ConformanceRunner;
import io.handoffkit.conformance.runner.SelfValidation;
import io.handoffkit.conformance.runner.model.ProtocolRole;
import io.handoffkit.conformance.runner.model.RunOptions;
import io.handoffkit.conformance.runner.model.RunResult;
import io.handoffkit.conformance.runner.model.Suite;
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

/** The client suite (SPEC.md Appendix C): its shape, and a run against the reference client. */
@DisplayName("The client suite (SPEC.md Appendix C)")
@Tag("process")
class ClientSuiteTest {

    static final RunOptions OPTIONS = RunOptions.defaults().withTiming(Timing.DEFAULTS.withCloseBound(Duration.ofSeconds(1))).withTries(12)
            .withSeed(20261207L);

    @Test
    @DisplayName("the suite of --role client: prefix client, endpoints {socket} and {backend} (both the runner's), at least 35 cases")
    void shape() {
        assertEquals(ClientSuite.SUITE, Suites.of(ProtocolRole.CLIENT).orElseThrow());
        assertEquals(List.of("socket", "backend"), ClientSuite.SUITE.endpoints().stream().map(e -> e.name()).toList());
        assertTrue(ClientSuite.SUITE.endpoints().stream().noneMatch(e -> e.implementationListens()));
        Map<ClientSection, Long> counts = new TreeMap<>(ClientSuite.SUITE.cases().stream()
                .collect(Collectors.groupingBy(c -> (ClientSection) c.section(), Collectors.counting())));
        System.out.println("client suite: " + ClientSuite.SUITE.cases().size() + " cases " + counts);
        if (Boolean.getBoolean("handoff.print.pinned")) {
            ClientSuite.SUITE.cases().forEach(c -> System.out.println("PINNED " + Suite.pinnedLine(c)));
        }
        assertTrue(ClientSuite.SUITE.cases().size() >= 35);
    }

    @Test
    @DisplayName("the reference client passes every case, within 10 s of wall time apart from the timing cases")
    void reference() throws Exception {
        Target target = Suites.reference(ProtocolRole.CLIENT, Profile.DEFAULT).orElseThrow();
        RunResult r = new ConformanceRunner(ClientSuite.SUITE, target, OPTIONS.withTiming(target.timing(OPTIONS.timing()))).run();
        System.out.printf("reference client: %d cases in %.1f s%n", r.results().size(), r.duration().toMillis() / 1000.0);
        r.sections().forEach(s -> System.out.println("  " + s));
        assertEquals(List.of(), List.copyOf(SelfValidation.failing(r)), SelfValidation.explain(r));
        assertEquals(ClientSuite.SUITE.cases().size(), r.results().size());
    }
}
