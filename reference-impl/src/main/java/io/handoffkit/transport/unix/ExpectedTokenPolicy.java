package io.handoffkit.transport.unix;

import io.handoffkit.token.Token;
import io.handoffkit.token.TokenStore;
import java.util.Objects;

/**
 * Which token a backend expects for one handoff (brief §7: "the token it was told to expect"),
 * given the 16 sideband bytes that came with the descriptor. The judgement itself is the
 * reference's ({@code TokenJudgement} against {@link #tokens()}); a policy only decides what is
 * pending. The default is {@link SidebandTokenPolicy}.
 */
public interface ExpectedTokenPolicy {

    /** The store the offer's token is judged against. */
    TokenStore tokens();

    /** The token this handoff must present, decided when its sideband arrived (clock nanos). */
    Expectation expect(Token sideband, long nowNanos);

    /** The handoff's exchange is over (whatever its outcome); undo what {@link #expect} set up. */
    void finished(Expectation expectation);

    /**
     * The expected token, and whether {@link #expect} made it pending for this handoff (only that
     * handoff may then revoke it: a replay must not revoke the pending token of the original).
     */
    record Expectation(Token expected, boolean registered) {
        public Expectation {
            Objects.requireNonNull(expected, "expected");
        }
    }
}
