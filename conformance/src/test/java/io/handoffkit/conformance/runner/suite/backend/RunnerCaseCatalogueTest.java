package io.handoffkit.conformance.runner.suite.backend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.handoffkit.conformance.runner.model.Case;
import io.handoffkit.conformance.runner.model.Section;
import io.handoffkit.conformance.spec.Requirement;
import io.handoffkit.conformance.spec.SpecQuotes;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The runner's case catalogue: stable IDs built from requirement IDs, each quoting its requirement at its level. */
@DisplayName("Runner cases: IDs, requirements, quotes (PROFILE appendix, \"Case IDs\")")
class RunnerCaseCatalogueTest {

    private static final Path PINNED = Path.of("src/test/resources/io/handoffkit/conformance/runner/cases.txt");

    @Test
    @DisplayName("every case ID is unique and of the form handoff/<REQ>/<n> or handoff/<REQ>/p<n>, its requirement's")
    void idsAreUniqueAndNamedAfterTheirRequirement() {
        Set<String> seen = new HashSet<>();
        for (Case c : HandoffSuite.cases()) {
            assertTrue(seen.add(c.id()), "duplicate case ID " + c.id());
            assertTrue(c.id().startsWith("handoff/" + c.requirement().id() + "/"), c.id() + " is not named after " + c.requirement());
        }
    }

    @Test
    @DisplayName("every case quotes its requirement from SPEC.md and has the requirement's level (MUST or SHOULD)")
    void casesQuoteTheirRequirement() {
        for (Case c : HandoffSuite.cases()) {
            Requirement r = SpecQuotes.bundled().requirement(c.requirement().id()).orElseThrow();
            assertEquals(r.level(), c.level(), c.id());
            assertTrue(c.level() == Requirement.Level.MUST || c.level() == Requirement.Level.SHOULD, c.id());
            assertTrue(c.quote().startsWith(c.requirement().id() + " (" + r.level() + ") " + r.title() + ": "), c.id() + ": " + c.quote());
            assertTrue(c.quote().length() > r.title().length() + 30, c.id() + " quotes only the title: " + c.quote());
        }
    }

    @Test
    @DisplayName("case IDs are stable: the pinned list is never renumbered or shrunk (new cases are appended)")
    void idsArePinned() throws IOException {
        String current = HandoffSuite.cases().stream().map(c -> c.id() + " " + c.level() + " " + c.section().id())
                .collect(Collectors.joining("\n", "", "\n"));
        if (Boolean.getBoolean("handoff.runner.cases.write")) {
            Files.createDirectories(PINNED.getParent());
            Files.writeString(PINNED, current, StandardCharsets.UTF_8);
        }
        List<String> pinned = Files.readAllLines(PINNED, StandardCharsets.UTF_8);
        Set<String> now = new HashSet<>(current.lines().toList());
        List<String> gone = new ArrayList<>(pinned.stream().filter(l -> !now.contains(l)).toList());
        assertEquals(List.of(), gone, "cases removed, renumbered or changed level/section (IDs are append-only)");
        assertEquals(String.join("\n", pinned) + "\n", current,
                "new cases: pin them with ./mvnw -pl conformance test -Dtest=RunnerCaseCatalogueTest -Dhandoff.runner.cases.write=true");
    }

    @Test
    @DisplayName("case counts per section (reported in the README)")
    void countsPerSection() {
        Map<Section, Long> counts = new TreeMap<>(HandoffSuite.cases().stream().collect(Collectors.groupingBy(Case::section, Collectors.counting())));
        counts.forEach((s, n) -> System.out.printf("%-20s %4d cases%n", s.title(), n));
        assertEquals(Section.values().length, counts.size(), "every section has cases");
    }
}
