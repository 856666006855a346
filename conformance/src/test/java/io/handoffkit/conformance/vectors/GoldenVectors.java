package io.handoffkit.conformance.vectors;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.handoffkit.conformance.vectors.VectorSuite.Result;
import io.handoffkit.conformance.vectors.VectorSuite.TestGroup;
import io.handoffkit.conformance.vectors.VectorSuite.VectorFile;
import io.handoffkit.conformance.vectors.VectorSuite.VectorTest;
import io.handoffkit.conformance.verdict.Role;
import io.handoffkit.wire.ReasonCode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * The golden vectors (vectors/*.json) against the reference verdict, plus the
 * files' own integrity: schema, unique and append-only tcIds, coverage of
 * every reason code each role can give, flags explained, bundled copy in sync.
 */
class GoldenVectors {

    static final Path VECTORS = Path.of(System.getProperty("handoff.vectors.dir", "../vectors"));
    static final Path SPEC = Path.of(System.getProperty("handoff.spec", "../SPEC.md"));
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int CAP = 16 * 1024 * 1024;

    /** The reason codes a role can give on bytes (IO needs a failing stream, not bytes). */
    static final Map<Role, Set<ReasonCode>> APPLICABLE = Map.of(
            Role.BACKEND_OFFER, with(EnumSet.of(ReasonCode.OFFER_CORRELATION, ReasonCode.TOKEN_MISSING, ReasonCode.TOKEN_LENGTH,
                    ReasonCode.TOKEN_NOT_PENDING, ReasonCode.TOKEN_EXPIRED, ReasonCode.TOKEN_MISMATCH)),
            Role.BROKER_ACK, with(EnumSet.of(ReasonCode.ACK_FRAME_CORRELATION, ReasonCode.ACK_CORRELATION,
                    ReasonCode.TOKEN_ECHO, ReasonCode.REFUSED, ReasonCode.LATE)),
            Role.CLIENT_RELAY, with(EnumSet.of(ReasonCode.TOKEN_ECHO, ReasonCode.REFUSED)));

    private static Set<ReasonCode> with(EnumSet<ReasonCode> roleSpecific) {
        roleSpecific.addAll(EnumSet.of(ReasonCode.FRAMING_VERSION, ReasonCode.FRAME_TOO_LARGE,
                ReasonCode.TRUNCATED_FRAMING_BYTE, ReasonCode.TRUNCATED_LENGTH, ReasonCode.TRUNCATED_BODY,
                ReasonCode.FRAME_UNDECODABLE, ReasonCode.PAYLOAD_UNDECODABLE, ReasonCode.ENVELOPE_VERSION,
                ReasonCode.KIND, ReasonCode.PAYLOAD_PROTOCOL, ReasonCode.COMPRESSED));
        return roleSpecific;
    }

    @TestFactory
    @DisplayName("every golden vector gets the verdict the spec requires from the reference")
    Stream<DynamicNode> everyVector() {
        return VectorSuite.loadBundled().stream().map(file -> DynamicContainer.dynamicContainer(
                file.role().id() + " (" + file.numberOfTests() + " vectors)",
                file.tests().stream().map(t -> DynamicTest.dynamicTest(t.label(file.role()), () -> {
                    VectorOutcome outcome = VectorCheck.check(file.role(), t);
                    assertTrue(outcome.passed(), outcome.explanation());
                }))));
    }

    @Test
    @DisplayName("every reason code a role can give appears in that role's file, and no other")
    void everyApplicableReasonCodeIsCovered() {
        for (VectorFile file : VectorSuite.loadBundled()) {
            Set<ReasonCode> invalid = file.tests().stream().filter(t -> t.result() == Result.INVALID)
                    .map(t -> t.reason().orElseThrow()).collect(Collectors.toCollection(() -> EnumSet.noneOf(ReasonCode.class)));
            Set<ReasonCode> missing = EnumSet.copyOf(APPLICABLE.get(file.role()));
            missing.removeAll(invalid);
            assertEquals(Set.of(), missing, file.role() + ": reason codes without an invalid vector");
            Set<ReasonCode> foreign = file.tests().stream().flatMap(t -> t.reason().stream())
                    .filter(r -> !APPLICABLE.get(file.role()).contains(r)).collect(Collectors.toSet());
            assertEquals(Set.of(), foreign, file.role() + ": reason codes this role cannot give");
        }
    }

    @Test
    @DisplayName("tcIds are 1..n in file order (append-only), numberOfTests matches, at least 150 vectors in all")
    void tcIdsAreStableAndCounted() {
        int total = 0;
        List<VectorFile> files = VectorSuite.loadBundled();
        assertEquals(List.of(Role.BACKEND_OFFER, Role.BROKER_ACK, Role.CLIENT_RELAY), files.stream().map(VectorFile::role).toList());
        for (VectorFile file : files) {
            List<Integer> ids = file.tests().stream().map(VectorTest::tcId).toList();
            assertEquals(ids.size(), new HashSet<>(ids).size(), file.role() + ": duplicate tcIds");
            for (int i = 0; i < ids.size(); i++) {
                assertEquals(i + 1, ids.get(i), file.role() + ": tcIds must run 1..n in file order");
            }
            assertEquals(ids.size(), file.numberOfTests(), file.role() + ": numberOfTests");
            assertEquals("handoff_vectors.schema.json", file.schema());
            total += ids.size();
        }
        assertTrue(total >= 150, "only " + total + " vectors");
        for (Result r : Result.values()) {
            assertTrue(files.stream().allMatch(f -> f.tests().stream().anyMatch(t -> t.result() == r)),
                    "every role has " + r.id() + " vectors");
        }
    }

    @Test
    @DisplayName("the vector files conform to handoff_vectors.schema.json (2020-12 subset, hand-validated)")
    void filesConformToTheSchema() throws IOException {
        MiniJsonSchema schema = new MiniJsonSchema(JSON.readTree(VECTORS.resolve("handoff_vectors.schema.json").toFile()));
        for (String name : VectorSuite.BUNDLED_FILES) {
            JsonNode doc = JSON.readTree(VECTORS.resolve(name).toFile());
            assertEquals(List.of(), schema.validate(doc), name);
        }
        // the validator is not vacuous: a vector without a result, or a valid one with a reason, is refused
        ObjectNode broken = (ObjectNode) JSON.readTree(VECTORS.resolve(VectorSuite.BUNDLED_FILES.get(1)).toFile());
        ObjectNode first = (ObjectNode) broken.get("testGroups").get(0).get("tests").get(0);
        first.put("reason", "KIND");
        first.remove("deadline_passed");
        List<String> errors = schema.validate(broken);
        assertTrue(errors.stream().anyMatch(e -> e.contains("reason")), errors.toString());
        assertTrue(errors.stream().anyMatch(e -> e.contains("deadline_passed")), errors.toString());
    }

    @Test
    @DisplayName("every flag has a note, every note is used, and every requirement ID exists in SPEC.md")
    void flagsAndRequirementsAreExplained() throws IOException {
        Set<String> specIds = new HashSet<>();
        Matcher m = Pattern.compile("(?m)^### ([A-Z]+-[0-9]+) ").matcher(Files.readString(SPEC));
        while (m.find()) {
            specIds.add(m.group(1));
        }
        assertFalse(specIds.isEmpty(), "no requirement headings found in " + SPEC);
        for (VectorFile file : VectorSuite.loadBundled()) {
            Set<String> used = file.tests().stream().flatMap(t -> t.flags().stream()).collect(Collectors.toSet());
            assertEquals(new TreeSet<>(file.notes().keySet()), new TreeSet<>(used), file.role() + ": notes vs flags used");
            Set<String> cited = new TreeSet<>();
            file.notes().values().forEach(n -> cited.add(n.requirement()));
            file.tests().forEach(t -> cited.add(t.requirement()));
            cited.removeAll(specIds);
            assertEquals(Set.of(), cited, file.role() + ": requirement IDs not in SPEC.md");
            assertTrue(file.tests().stream().allMatch(t -> !t.flags().isEmpty()), file.role() + ": every vector has a flag");
        }
    }

    @Test
    @DisplayName("vectors/README.md explains every flag")
    void readmeExplainsEveryFlag() throws IOException {
        String readme = Files.readString(VECTORS.resolve("README.md"));
        Set<String> undocumented = new TreeSet<>();
        VectorSuite.loadBundled().forEach(f -> f.notes().keySet().stream()
                .filter(flag -> !readme.contains("`" + flag + "`")).forEach(undocumented::add));
        assertEquals(Set.of(), undocumented, "flags missing from vectors/README.md");
    }

    @Test
    @DisplayName("the copies bundled in the jar are the files in vectors/")
    void bundledCopiesAreCurrent() throws IOException {
        for (String name : VectorSuite.BUNDLED_FILES) {
            try (InputStream in = GoldenVectors.class.getClassLoader().getResourceAsStream("vectors/" + name)) {
                assertTrue(in != null, name + " is not on the classpath");
                assertArrayEquals(Files.readAllBytes(VECTORS.resolve(name)), in.readAllBytes(),
                        name + ": the classpath copy is stale (rebuild)");
            }
            VectorFile disk = VectorSuite.load(VECTORS.resolve(name));
            assertEquals(disk.numberOfTests(), disk.tests().size());
        }
    }

    @Test
    @DisplayName("`consumed` follows the frame layer of FRAME-1/2/6/9 (checked independently of the reference)")
    void consumedFollowsTheFrameLayer() {
        for (VectorFile file : VectorSuite.loadBundled()) {
            for (VectorTest t : file.tests()) {
                assertEquals(frameLayerConsumed(t.wire()), t.consumed(), t.label(file.role()));
            }
        }
    }

    @Test
    @DisplayName("FRAME-6: the backend-offer truncation group holds every proper prefix of the baseline offer")
    void everyTruncationOfTheBaselineIsAVector() {
        VectorFile offers = VectorSuite.loadBundled().get(0);
        byte[] baseline = offers.tests().get(0).wire();
        TestGroup group = offers.testGroups().stream().filter(g -> g.comment().startsWith("Every truncation"))
                .findFirst().orElseThrow();
        assertEquals(baseline.length, group.tests().size());
        for (int n = 0; n < baseline.length; n++) {
            VectorTest t = group.tests().get(n);
            assertArrayEquals(Arrays.copyOf(baseline, n), t.wire(), t.label(offers.role()));
            ReasonCode expected = n == 0 ? ReasonCode.TRUNCATED_FRAMING_BYTE
                    : n < 5 ? ReasonCode.TRUNCATED_LENGTH : ReasonCode.TRUNCATED_BODY;
            assertEquals(expected, t.reason().orElseThrow(), t.label(offers.role()));
        }
    }

    @Test
    @DisplayName("loading is strict: an unknown key or a flag without a note names the file and the tcId")
    void loadingIsStrict() throws IOException {
        ObjectNode doc = (ObjectNode) JSON.readTree(VECTORS.resolve("client_relay.json").toFile());
        ((ObjectNode) doc.get("testGroups").get(0).get("tests").get(0)).putArray("flags").add("NoSuchFlag");
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> VectorSuite.parse("mutated.json", new java.io.ByteArrayInputStream(JSON.writeValueAsBytes(doc))));
        assertTrue(e.getMessage().contains("mutated.json tcId 1") && e.getMessage().contains("NoSuchFlag"), e.getMessage());
    }

    /** FRAME-1, -2, -6, -9 as bytes consumed by a reader of one frame. */
    private static int frameLayerConsumed(byte[] wire) {
        if (wire.length == 0) {
            return 0;
        }
        if (wire[0] != 1) {
            return 1;
        }
        if (wire.length < 5) {
            return wire.length;
        }
        long length = (wire[1] & 0xFFL) | (wire[2] & 0xFFL) << 8 | (wire[3] & 0xFFL) << 16 | (wire[4] & 0xFFL) << 24;
        if (length > CAP) {
            return 5;
        }
        return (int) Math.min(wire.length, 5 + length);
    }

    static List<VectorTest> validVectors(VectorFile file) {
        List<VectorTest> out = new ArrayList<>();
        file.tests().stream().filter(t -> t.result() == Result.VALID).forEach(out::add);
        return out;
    }
}
