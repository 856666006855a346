package io.handoffkit.conformance.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.handoffkit.conformance.runner.suite.Suites;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The typed requirement IDs the runner's cases cite, held against SPEC.md. */
@DisplayName("Requirement IDs: every constant is a requirement of SPEC.md, at the level it declares")
class RequirementIdTest {

    private static SpecDocument spec;

    @BeforeAll
    static void readSpec() throws IOException {
        spec = SpecDocument.parse(Files.readString(Path.of(System.getProperty("handoff.spec", "../SPEC.md"))));
    }

    @Test
    @DisplayName("every RequirementId names a requirement of SPEC.md and has its level")
    void everyConstantIsInTheSpecAtItsLevel() {
        List<String> wrong = new ArrayList<>();
        for (RequirementId id : RequirementId.values()) {
            spec.find(id.id()).ifPresentOrElse(
                    r -> {
                        if (r.level() != id.level()) {
                            wrong.add(id.name() + " declares " + id.level() + ", SPEC.md says " + r.level());
                        }
                    },
                    () -> wrong.add(id.name() + ": SPEC.md has no requirement " + id.id()));
        }
        assertEquals(List.of(), wrong);
    }

    @Test
    @DisplayName("every requirement a runner case cites is in SPEC.md, and the case has the requirement's level")
    void everyCitedRequirementIsInTheSpec() {
        List<String> wrong = new ArrayList<>();
        Suites.all().stream().flatMap(s -> s.cases().stream()).forEach(c -> spec.find(c.requirement().id()).ifPresentOrElse(
                r -> {
                    if (r.level() != c.level()) {
                        wrong.add(c.id() + " is " + c.level() + ", " + r.id() + " is " + r.level());
                    }
                },
                () -> wrong.add(c.id() + " cites " + c.requirement() + ", which SPEC.md does not have")));
        assertEquals(List.of(), wrong);
    }

    @Test
    @DisplayName("a constant's ID is its name with a hyphen (OFFER_6 is OFFER-6), and is found by it")
    void idsRoundTrip() {
        for (RequirementId id : RequirementId.values()) {
            assertEquals(id, RequirementId.of(id.id()).orElseThrow());
        }
        assertEquals("FRAMES-2", RequirementId.FRAMES_2.id());
    }
}
