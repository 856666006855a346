package io.handoffkit.conformance.vectors;

import static org.junit.jupiter.api.Assertions.fail;

import io.handoffkit.conformance.upstream.OracleVectors;
import io.handoffkit.conformance.upstream.UpstreamPeer;
import io.handoffkit.conformance.upstream.UpstreamVerdict;
import io.handoffkit.conformance.vectors.VectorSuite.Result;
import io.handoffkit.conformance.vectors.VectorSuite.VectorFile;
import io.handoffkit.conformance.vectors.VectorSuite.VectorTest;
import io.handoffkit.conformance.verdict.Role;
import java.io.IOException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Every golden vector through upstream 4.5.5's own checks (the upstream peer's {@code oracle-vectors},
 * one process for all vectors): the vectors must state what upstream does. A {@code valid} vector is
 * accepted by upstream and an {@code invalid} one rejected with exactly its reason code; an
 * {@code acceptable} one either way among its listed outcomes; {@code consumed} exactly, always. A
 * vector whose inputs {@code oracle-vectors} cannot express (an expired expected token, a passed ACK
 * deadline) is not comparable: skipped, named and counted, never counted as agreement.
 *
 * <p>Skipped, with how to get the peer, where the peer is absent; {@code HANDOFF_KIT_REQUIRE_UPSTREAM_PEER=true}
 * makes that a failure.
 */
@DisplayName("Golden vectors against upstream 4.5.5's decoders (oracle-vectors)")
class UpstreamCrossCheckVectors {

    private static final Map<Role, Tally> TALLIES = new EnumMap<>(Role.class);
    private static OracleVectors upstream;

    /** One role's count. */
    private static final class Tally {
        int agree;
        int acceptableAccepted;
        int acceptableRejected;
        final List<Integer> notComparable = new ArrayList<>();
        final List<String> disagreements = new ArrayList<>();

        @Override
        public String toString() {
            return agree + " agree, " + (acceptableAccepted + acceptableRejected) + " acceptable either way (upstream accepts "
                    + acceptableAccepted + ", rejects " + acceptableRejected + "), " + notComparable.size() + " not comparable "
                    + notComparable.stream().map(id -> "#" + id).collect(Collectors.joining(" ", "[", "]")) + ", "
                    + disagreements.size() + " disagree";
        }
    }

    @BeforeAll
    static void upstreamPeer() throws IOException {
        Optional<UpstreamPeer> peer = UpstreamPeer.locate();
        if (peer.isEmpty()) {
            if (UpstreamPeer.required()) {
                fail(UpstreamPeer.REQUIRE_VARIABLE + "=true but " + UpstreamPeer.absence());
            }
            System.out.println("upstream cross-check skipped: " + UpstreamPeer.absence()); // surefire does not show abort reasons
            Assumptions.abort(UpstreamPeer.absence());
        }
        upstream = OracleVectors.start(peer.get());
    }

    @AfterAll
    static void summary() throws IOException {
        if (upstream == null) {
            return;
        }
        upstream.close();
        System.out.println("upstream 4.5.5 vs golden vectors: " + TALLIES.entrySet().stream()
                .map(e -> e.getKey() + ": " + e.getValue()).collect(Collectors.joining("; ")));
        TALLIES.values().forEach(t -> t.disagreements.forEach(d -> System.out.println("  disagreement: " + d)));
    }

    @TestFactory
    @DisplayName("every golden vector gets upstream's verdict: accepted, or rejected with its reason code, consuming its bytes")
    Stream<DynamicNode> everyVectorAsUpstreamJudgesIt() {
        return VectorSuite.loadBundled().stream().map(file -> DynamicContainer.dynamicContainer(
                file.role().id() + " (" + file.numberOfTests() + " vectors)",
                file.tests().stream().map(t -> DynamicTest.dynamicTest(t.label(file.role()), () -> compare(file, t)))));
    }

    private static void compare(VectorFile file, VectorTest test) throws IOException {
        Tally tally = TALLIES.computeIfAbsent(file.role(), r -> new Tally());
        UpstreamVerdict verdict = upstream.verdict(file.role(), test.wire(), test.inputs());
        if (verdict instanceof UpstreamVerdict.NotAskable n) {
            tally.notComparable.add(test.tcId());
            Assumptions.abort("not comparable: " + n.why());
        }
        boolean agrees = verdict instanceof UpstreamVerdict.Accepted a && VectorCheck.allows(test, Optional.empty(), a.consumed())
                || verdict instanceof UpstreamVerdict.Rejected r && VectorCheck.allows(test, Optional.of(r.reason()), r.consumed());
        if (!agrees) {
            String disagreement = file.role() + " tcId " + test.tcId() + " (" + test.comment() + "): upstream " + verdict
                    + "; the vector says " + VectorCheck.expected(test) + "; wire " + test.wireHex();
            tally.disagreements.add(disagreement);
            fail(disagreement);
        }
        if (test.result() != Result.ACCEPTABLE) {
            tally.agree++;
        } else if (verdict instanceof UpstreamVerdict.Accepted) {
            tally.acceptableAccepted++;
        } else {
            tally.acceptableRejected++;
        }
    }
}
