package io.handoffkit.conformance.runner.suite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.handoffkit.conformance.runner.model.Case;
import io.handoffkit.conformance.runner.model.Section;
import io.handoffkit.conformance.runner.model.Suite;
import io.handoffkit.conformance.spec.Requirement;
import io.handoffkit.conformance.spec.SpecQuotes;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every suite's case catalogue: stable IDs built from the suite's prefix and requirement IDs, each
 * case quoting its requirement at its level, and the catalogue equal to the suite's pinned list
 * (PROFILE appendix, "Case IDs").
 */
@DisplayName("Suite catalogues: IDs, requirements, quotes, pinned lists")
class SuiteCatalogueTest {

    static Stream<Suite> suites() {
        return Suites.all().stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("suites")
    @DisplayName("every case ID is unique and of the form <prefix>/<REQ>/<n> or <prefix>/<REQ>/p<n>, its requirement's")
    void idsAreUniqueAndNamedAfterTheirRequirement(Suite suite) {
        Set<String> seen = new HashSet<>();
        for (Case c : suite.cases()) {
            assertTrue(seen.add(c.id()), "duplicate case ID " + c.id());
            assertTrue(c.id().startsWith(suite.idPrefix() + "/" + c.requirement().id() + "/"), c.id() + " is not named after " + c.requirement());
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("suites")
    @DisplayName("every case quotes its requirement from SPEC.md and has the requirement's level (MUST or SHOULD)")
    void casesQuoteTheirRequirement(Suite suite) {
        for (Case c : suite.cases()) {
            Requirement r = SpecQuotes.bundled().requirement(c.requirement().id()).orElseThrow();
            assertEquals(r.level(), c.level(), c.id());
            assertEquals(c.requirement().level(), c.level(), c.id() + ": the RequirementId's level");
            assertTrue(c.level() == Requirement.Level.MUST || c.level() == Requirement.Level.SHOULD, c.id());
            assertTrue(c.quote().startsWith(c.requirement().id() + " (" + r.level() + ") " + r.title() + ": "), c.id() + ": " + c.quote());
            assertTrue(c.quote().length() > r.title().length() + 30, c.id() + " quotes only the title: " + c.quote());
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("suites")
    @DisplayName("case IDs are stable: the catalogue is exactly the pinned list, which is never renumbered or shrunk (new cases are appended)")
    void catalogueIsThePinnedList(Suite suite) throws IOException {
        List<String> current = suite.cases().stream().map(Suite::pinnedLine).toList();
        if (Boolean.getBoolean("handoff.runner.cases.write")) {
            Path file = Path.of("src/main/resources").resolve(suite.pinnedResource());
            Files.createDirectories(file.getParent());
            Files.writeString(file, current.stream().collect(Collectors.joining("\n", "", "\n")), StandardCharsets.UTF_8);
        }
        List<String> pinned = suite.pinned();
        Set<String> now = new HashSet<>(current);
        List<String> gone = new ArrayList<>(pinned.stream().filter(l -> !now.contains(l)).toList());
        assertEquals(List.of(), gone, "cases removed, renumbered or changed level/section (IDs are append-only)");
        assertEquals(pinned, current,
                "new cases: pin them with ./mvnw -pl conformance test -Dtest=SuiteCatalogueTest -Dhandoff.runner.cases.write=true");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("suites")
    @DisplayName("every section has cases, and every case is in one of the suite's sections")
    void everySectionHasCases(Suite suite) {
        Set<Section> used = suite.cases().stream().map(Case::section).collect(Collectors.toCollection(LinkedHashSet::new));
        assertEquals(new LinkedHashSet<>(suite.sections()), used);
        for (Section s : suite.sections()) {
            System.out.printf("%s %-20s %4d cases%n", suite.idPrefix(), s.title(), suite.cases().stream().filter(c -> c.section() == s).count());
        }
    }
}
