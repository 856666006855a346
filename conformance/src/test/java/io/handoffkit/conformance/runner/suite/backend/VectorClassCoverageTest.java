package io.handoffkit.conformance.runner.suite.backend;

import static java.util.Map.entry;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.handoffkit.conformance.runner.model.Case;
import io.handoffkit.conformance.vectors.VectorSuite;
import io.handoffkit.conformance.verdict.Role;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * For every defect class of the backend-offer vectors (a flag of {@code vectors/backend_offer.json}):
 * the {@code run} cases that would catch a backend with that bug, or why only the vectors can
 * (README, "What only the vectors check"). A new flag fails here until it is placed.
 */
@DisplayName("Every backend-offer vector class has a run case, or is documented as vectors-only")
class VectorClassCoverageTest {

    /** Flag → the backend suite's cases that fail for a backend with that class of bug. */
    static final Map<String, List<String>> RUN_CASES = Map.ofEntries(
            entry("Baseline", List.of("handoff/PROFILE-1/1", "handoff/OFFER-6/1")),
            entry("TokenAccepted", List.of("handoff/OFFER-6/1")),
            entry("EdgeValue", List.of("handoff/OFFER-6/2", "handoff/OFFER-6/3", "handoff/OFFER-6/4", "handoff/FRAME-3/1")),
            entry("LittleEndianLength", List.of("handoff/FRAME-3/1", "handoff/OFFER-6/1")),
            entry("UncheckedEnvelopeField", List.of("handoff/OFFER-1/1")),
            entry("CapBoundary", List.of("handoff/FRAME-3/1", "handoff/FRAME-2/1", "handoff/PROFILE-6/4")),
            entry("TrailingBytes", List.of("handoff/FRAME-9/1")),
            entry("EmptyBody", List.of("handoff/FRAME-5/1")),
            entry("FramingVersion", List.of("handoff/FRAME-1/1", "handoff/FRAME-1/2", "handoff/FRAME-1/p1")),
            entry("VersionAxes", List.of("handoff/FRAME-1/2", "handoff/ENV-1/1")),
            entry("EnvelopeVersion", List.of("handoff/ENV-1/1", "handoff/ENV-1/p1")),
            entry("FrameTooLarge", List.of("handoff/FRAME-2/1", "handoff/FRAME-2/2", "handoff/FRAME-2/p1")),
            entry("UnsignedLength", List.of("handoff/FRAME-2/2")),
            entry("Truncated", List.of("handoff/FRAME-6/1", "handoff/FRAME-6/2", "handoff/FRAME-6/p1")),
            entry("UndecodableFrame", List.of("handoff/DEC-1/1", "handoff/DEC-1/2", "handoff/DEC-1/p1")),
            entry("InvalidUtf8", List.of("handoff/DEC-7/1", "handoff/DEC-7/2")),
            entry("ExplicitDefault", List.of("handoff/FRAMES-4/1")),
            entry("WrongKind", List.of("handoff/ENV-2/1", "handoff/ENV-2/p1")),
            entry("UnknownKind", List.of("handoff/ENV-2/2")),
            entry("PayloadProtocol", List.of("handoff/ENV-3/1", "handoff/ENV-3/p1")),
            entry("Compressed", List.of("handoff/ENV-4/1", "handoff/ENV-4/2", "handoff/ENV-4/p1")),
            entry("CheckOrder", List.of("handoff/OFFER-1/2")),
            entry("UndecodablePayload", List.of("handoff/DEC-2/1", "handoff/DEC-2/p1")),
            entry("OfferCorrelation", List.of("handoff/OFFER-2/1", "handoff/OFFER-2/p1")),
            entry("TokenMissing", List.of("handoff/OFFER-4/1", "handoff/OFFER-4/p1")),
            entry("TokenLength", List.of("handoff/OFFER-5/1", "handoff/OFFER-5/2", "handoff/OFFER-5/p1")),
            entry("TokenNotPending", List.of("handoff/TOKEN-5/1", "handoff/PROFILE-3/1", "handoff/TOKEN-2/p1")),
            entry("TokenMismatch", List.of("handoff/TOKEN-4/1", "handoff/TOKEN-4/p1")),
            entry("TokenCheckOrder", List.of("handoff/OFFER-6/10")),
            entry("DuplicateField", List.of("handoff/DEC-5/1")),
            entry("UnknownField", List.of("handoff/DEC-3/1", "handoff/DEC-3/2", "handoff/DEC-3/3")),
            entry("ReservedField", List.of("handoff/DEC-3/1")),
            entry("ReorderedFields", List.of("handoff/DEC-9/1")),
            entry("NonMinimalVarint", List.of("handoff/DEC-1/3")),
            entry("OutOfRange32", List.of("handoff/DEC-4/1")));

    /** Flag → why no run case can catch the bug (the README's "What only the vectors check" says the same). */
    static final Map<String, String> VECTORS_ONLY = Map.ofEntries(
            entry("EnvelopeOrder", "every envelope defect gets the same answer on the wire (no ACK, connection dropped): which check fired first"
                    + " shows only in a reason code"),
            entry("TokenExpired", "the token TTL is 30 s and Appendix A gives the runner no clock to set; a run would wait 30 s per case"),
            entry("WrongWireType", "acceptable: reject and skip both conform; what a vector pins (the outcome matches `reason`, `consumed`)"
                    + " is not visible over the socket, and survival is judged by the PROFILE-5 cases"),
            entry("OverlongTag", "acceptable, as WrongWireType"),
            entry("OverflowingVarint", "acceptable, as WrongWireType"),
            entry("OverlongLength", "acceptable, as WrongWireType"),
            entry("DeepNesting", "acceptable, as WrongWireType"));

    static final Path README = Path.of(System.getProperty("handoff.readme", "../README.md"));

    private static Set<String> flags() {
        return VectorSuite.loadBundled().stream().filter(f -> f.role() == Role.BACKEND_OFFER).findFirst().orElseThrow().notes().keySet();
    }

    @Test
    @DisplayName("each backend-offer flag is placed exactly once: run cases or vectors-only; no stale entries")
    void everyClassIsPlaced() {
        Set<String> both = new TreeSet<>(RUN_CASES.keySet());
        both.retainAll(VECTORS_ONLY.keySet());
        assertEquals(Set.of(), both, "placed twice");
        Set<String> placed = new TreeSet<>(RUN_CASES.keySet());
        placed.addAll(VECTORS_ONLY.keySet());
        assertEquals(new TreeSet<>(flags()), placed, "every flag of vectors/backend_offer.json, and nothing else");
    }

    @Test
    @DisplayName("each mapped run case exists in the backend suite")
    void mappedCasesExist() {
        Set<String> ids = BackendSuite.SUITE.cases().stream().map(Case::id).collect(Collectors.toSet());
        RUN_CASES.forEach((flag, cases) -> cases.forEach(id -> assertTrue(ids.contains(id), flag + ": no case " + id)));
    }

    @Test
    @DisplayName("the README names every vectors-only class in its \"What only the vectors check\" subsection")
    void readmeNamesVectorsOnlyClasses() throws IOException {
        String readme = Files.readString(README);
        int start = readme.indexOf("### What only the vectors check");
        assertTrue(start >= 0, "README subsection missing");
        int end = readme.indexOf("\n#", start + 4);
        String section = readme.substring(start, end < 0 ? readme.length() : end);
        VECTORS_ONLY.keySet().forEach(flag -> assertTrue(section.contains("`" + flag + "`"), "README does not name " + flag));
    }
}
