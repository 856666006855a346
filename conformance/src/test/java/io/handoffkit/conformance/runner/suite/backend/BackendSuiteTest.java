package io.handoffkit.conformance.runner.suite.backend;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.handoffkit.conformance.runner.model.Case;
import io.handoffkit.conformance.runner.model.ProtocolRole;
import io.handoffkit.conformance.runner.suite.Suites;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The backend suite as the README describes it: 137 cases in five sections, IDs {@code handoff/...}, one endpoint {@code {socket}}. */
@DisplayName("The backend suite (SPEC.md Appendix A)")
class BackendSuiteTest {

    @Test
    @DisplayName("the suite of --role backend: prefix handoff, the one endpoint {socket}, 137 cases")
    void shape() {
        assertEquals(BackendSuite.SUITE, Suites.of(ProtocolRole.BACKEND).orElseThrow());
        assertEquals("handoff", BackendSuite.SUITE.idPrefix());
        assertEquals(List.of("socket"), BackendSuite.SUITE.endpoints().stream().map(e -> e.name()).toList());
        assertEquals(137, BackendSuite.SUITE.cases().size());
        assertEquals(BackendSuite.SUITE.pinned().size(), BackendSuite.SUITE.cases().size());
    }

    @Test
    @DisplayName("case counts per section (reported in the README)")
    void countsPerSection() {
        Map<BackendSection, Long> counts = new TreeMap<>(BackendSuite.SUITE.cases().stream()
                .collect(Collectors.groupingBy(c -> (BackendSection) c.section(), Collectors.counting())));
        assertEquals(Map.of(BackendSection.OFFERS, 19L, BackendSection.REJECTIONS, 58L, BackendSection.TOKENS, 23L,
                BackendSection.ROBUSTNESS, 22L, BackendSection.PROPERTIES, 15L), counts);
    }

    @Test
    @DisplayName("every case's section is one of the backend sections, and property-driven cases are in the property-driven section only")
    void propertyDrivenCases() {
        for (Case c : BackendSuite.SUITE.cases()) {
            assertEquals(c.id().contains("/p"), c.section().propertyDriven(), c.id());
        }
    }
}
