package io.handoffkit.conformance.runner.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.handoffkit.conformance.runner.suite.backend.BackendSuite;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** --expect-failures: an exact list (protobuf conformance style). */
@DisplayName("Expected-failure lists are exact")
class ExpectedFailuresTest {

    private static final Case MUST_A = BackendSuite.SUITE.cases().stream().filter(c -> c.id().equals("handoff/TOKEN-4/1")).findFirst().orElseThrow();
    private static final Case MUST_B = BackendSuite.SUITE.cases().stream().filter(c -> c.id().equals("handoff/OFFER-4/1")).findFirst().orElseThrow();
    private static final Case SHOULD = BackendSuite.SUITE.cases().stream().filter(c -> c.id().equals("handoff/PROFILE-6/1")).findFirst().orElseThrow();
    private static final Set<String> ALL = Set.of(MUST_A.id(), MUST_B.id(), SHOULD.id());

    private static CaseResult result(Case c, CaseVerdict v) {
        return new CaseResult(c, v, "", new Transcript(), Duration.ZERO, false);
    }

    @Test
    @DisplayName("the list of exactly the failing cases matches")
    void exactListMatches() {
        var c = ExpectedFailures.of(List.of(MUST_A.id())).compare(List.of(result(MUST_A, CaseVerdict.FAILED), result(MUST_B, CaseVerdict.PASSED)), ALL);
        assertTrue(c.matches());
        assertEquals(List.of(MUST_A.id()), c.corrected());
    }

    @Test
    @DisplayName("a listed case that passes is a mismatch, and the corrected list drops it")
    void listedButPassing() {
        var c = ExpectedFailures.of(List.of(MUST_A.id(), MUST_B.id()))
                .compare(List.of(result(MUST_A, CaseVerdict.FAILED), result(MUST_B, CaseVerdict.PASSED)), ALL);
        assertFalse(c.matches());
        assertEquals(Set.of(MUST_B.id()), c.passing());
        assertEquals(List.of(MUST_A.id()), c.corrected());
    }

    @Test
    @DisplayName("an ID that names no case is a mismatch")
    void unknownId() {
        var c = ExpectedFailures.of(List.of(MUST_A.id(), "handoff/NOPE-1/1")).compare(List.of(result(MUST_A, CaseVerdict.FAILED)), ALL);
        assertFalse(c.matches());
        assertEquals(Set.of("handoff/NOPE-1/1"), c.unknown());
    }

    @Test
    @DisplayName("a failing MUST case not on the list is a mismatch; a failing SHOULD case is not, but joins the corrected list")
    void unlistedFailures() {
        var c = ExpectedFailures.of(List.of()).compare(List.of(result(MUST_A, CaseVerdict.FAILED), result(SHOULD, CaseVerdict.FAILED)), ALL);
        assertFalse(c.matches());
        assertEquals(Set.of(MUST_A.id()), c.unlisted());
        assertEquals(List.of(SHOULD.id(), MUST_A.id()), c.corrected());
    }

    @Test
    @DisplayName("listed cases that did not run (--case, --section) stay on the corrected list and are no mismatch")
    void notRun() {
        var c = ExpectedFailures.of(List.of(MUST_B.id())).compare(List.of(result(MUST_A, CaseVerdict.PASSED)), ALL);
        assertTrue(c.matches());
        assertEquals(List.of(MUST_B.id()), c.corrected());
    }

    @Test
    @DisplayName("the file format: one ID per line, # comments, blank lines ignored")
    void fileFormat(@TempDir Path dir) throws IOException {
        Path f = dir.resolve("expected.txt");
        Files.writeString(f, "# known\n" + MUST_A.id() + "   # TOKEN-4 bug #12\n\n" + MUST_B.id() + "\n");
        assertEquals(Set.of(MUST_A.id(), MUST_B.id()), ExpectedFailures.read(f).ids());
        assertTrue(ExpectedFailures.format(List.of(MUST_A.id())).contains(MUST_A.id() + "\n"));
    }

    @Test
    @DisplayName("an ID's note: the comment lines directly above it and the comment on its line; a header a blank line separates is nobody's")
    void notes() {
        ExpectedFailures list = ExpectedFailures.parse("# header of the file\n\n# why A fails,\n# in two lines\n" + MUST_A.id()
                + "  # and a remark\n" + MUST_B.id() + "\n\n# a block that ends in a blank line\n\n" + SHOULD.id() + " # only this\n");
        assertEquals(Set.of(MUST_A.id(), MUST_B.id(), SHOULD.id()), list.ids());
        assertEquals(Optional.of("why A fails, in two lines and a remark"), list.note(MUST_A.id()));
        assertEquals(Optional.empty(), list.note(MUST_B.id()));
        assertEquals(Optional.of("only this"), list.note(SHOULD.id()));
        var c = list.compare(List.of(result(MUST_A, CaseVerdict.FAILED), result(MUST_B, CaseVerdict.FAILED), result(SHOULD, CaseVerdict.FAILED)), ALL);
        assertEquals(Map.of(MUST_A.id(), "why A fails, in two lines and a remark", SHOULD.id(), "only this"), c.notes());
    }
}
