package io.handoffkit.fuzz.targets;

import io.handoffkit.conformance.upstream.OracleVectors;
import io.handoffkit.conformance.upstream.UpstreamPeer;
import io.handoffkit.conformance.upstream.UpstreamVerdict;
import io.handoffkit.conformance.verdict.Role;
import io.handoffkit.conformance.verdict.RoleEvaluator;
import io.handoffkit.conformance.verdict.RoleVerdict;
import io.handoffkit.fuzz.oracle.DecoderDivergence;
import io.handoffkit.fuzz.oracle.DecoderDivergence.Divergence;
import io.handoffkit.fuzz.oracle.OracleViolation;
import io.handoffkit.fuzz.oracle.WireOracles;
import io.handoffkit.wire.ReasonCode;
import io.handoffkit.wire.Rejection;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.Optional;
import java.util.Set;

/**
 * Differential targets: the same bytes through the reference's check of a role (the entry point
 * {@code handoff-kit verdict} uses, {@link RoleEvaluator}) and through upstream 4.5.5's (one long-lived
 * {@code oracle-vectors} process of the upstream peer, {@link OracleVectors}), both with the inputs of
 * {@link Fixtures#ROLE_INPUTS}. They must agree on accepted or the reason code, and on the bytes consumed.
 * A difference is a finding unless it is an acceptable decoder divergence (SPEC.md DEC-6, DEC-8, DEC-10,
 * DEC-11, DEC-12): the bytes hold one ({@link DecoderDivergence}), upstream rejects with the
 * strict code of the decode step that meets it, and the reference got past every check upstream passed
 * before that step.
 */
public final class DifferentialTargets {

    /** The checks before the payload is decoded (OFFER-1, ACK-1, RELAY-1): upstream passed them when it rejects the payload. */
    private static final Set<ReasonCode> ENVELOPE = EnumSet.of(ReasonCode.FRAME_UNDECODABLE, ReasonCode.ENVELOPE_VERSION,
            ReasonCode.KIND, ReasonCode.PAYLOAD_PROTOCOL, ReasonCode.COMPRESSED);

    private DifferentialTargets() {}

    /** One oracle-vectors process for the whole JVM, started on first use; it ends with the JVM (its stdin closes). */
    private static final class Upstream {
        static final OracleVectors PROCESS = start();

        private static OracleVectors start() {
            try {
                return OracleVectors.start(UpstreamPeer.locate().orElseThrow(() -> new IllegalStateException(UpstreamPeer.absence())));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot start oracle-vectors", e);
            }
        }
    }

    public static void run(Role role, byte[] input) {
        RoleVerdict reference = RoleEvaluator.evaluate(role, input, Fixtures.ROLE_INPUTS);
        UpstreamVerdict upstream;
        try {
            upstream = Upstream.PROCESS.verdict(role, input, Fixtures.ROLE_INPUTS);
        } catch (IOException e) {
            throw new OracleViolation(role + ": oracle-vectors gave no verdict for input " + HexFormat.of().formatHex(input), e);
        }
        Optional<ReasonCode> ours = reference.rejection().map(Rejection::reason);
        boolean same = upstream instanceof UpstreamVerdict.Accepted a && ours.isEmpty() && a.consumed() == reference.consumed()
                || upstream instanceof UpstreamVerdict.Rejected r && ours.equals(Optional.of(r.reason())) && r.consumed() == reference.consumed();
        if (same) {
            return;
        }
        Optional<Divergence> divergence = DecoderDivergence.find(role, input);
        if (divergence.isPresent() && acceptable(role, divergence.get(), upstream, reference)) {
            return;
        }
        throw new OracleViolation("differential " + role + ": the reference says "
                + reference.rejection().map(Rejection::toString).orElse("accepted") + " (" + reference.consumed() + " bytes), upstream 4.5.5 says "
                + upstream + "; " + divergence.map(d -> "the bytes hold " + d + ", but not as an acceptable divergence")
                        .orElse("the bytes hold no DEC-6 / DEC-8 / DEC-10 / DEC-11 / DEC-12 divergence")
                + "; input " + HexFormat.of().formatHex(input));
    }

    /**
     * Upstream rejected at the decode step that meets {@code d}, with its strict code, after the same bytes;
     * the reference read on (accepted, or rejected by a later check).
     */
    private static boolean acceptable(Role role, Divergence d, UpstreamVerdict upstream, RoleVerdict reference) {
        return upstream instanceof UpstreamVerdict.Rejected r && r.reason() == d.layer().strictReason()
                && r.consumed() == reference.consumed()
                && reference.rejection().map(Rejection::reason).filter(ours -> rejectedBefore(role, d, ours)).isEmpty();
    }

    /** Whether {@code ours} comes from a check before the decode step that meets {@code d} (upstream passed it). */
    private static boolean rejectedBefore(Role role, Divergence d, ReasonCode ours) {
        if (WireOracles.FRAME_LAYER.contains(ours)) {
            return true;
        }
        return d.layer() == DecoderDivergence.Layer.PAYLOAD
                && (ENVELOPE.contains(ours) || role == Role.BROKER_ACK && ours == ReasonCode.ACK_FRAME_CORRELATION);
    }
}
