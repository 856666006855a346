package io.handoffkit.transport.unix;

import io.handoffkit.token.Issuance;
import io.handoffkit.token.Token;
import io.handoffkit.token.TokenStore;
import java.util.ArrayDeque;
import java.util.HashSet;
import java.util.Objects;
import java.util.Set;

/**
 * The default expected-token policy: the sideband token becomes the pending expected token unless
 * this backend has seen it before. A token is never registered twice, so a replayed handoff is
 * judged against a token that is no longer pending and refused with {@code TOKEN_NOT_PENDING}.
 *
 * <p>The token guards exactly the descriptor it arrived with. When that handoff ends without
 * consuming it (refused, malformed, cut off), the policy revokes it: the descriptor is closed, so
 * keeping the token pending could only serve a replay. (The store's own rule, TOKEN-4, still holds
 * within the judgement: a mismatch does not consume the expected token.) Consequently the store
 * holds at most one token per handoff in flight.
 *
 * <p>Memory: the "seen" set remembers the last {@code rememberLimit} distinct sideband tokens
 * (default {@value #DEFAULT_REMEMBER}, roughly 100 bytes each, about 1.5 MiB when full) and forgets
 * the oldest first. A replay is recognised as long as fewer than that many other tokens arrived
 * since the original; an older token would be registered afresh, which only helps someone who
 * already knows it, and a token is the broker's secret travelling on a Unix socket only the broker
 * and the backend hold.
 */
public final class SidebandTokenPolicy implements ExpectedTokenPolicy {

    public static final int DEFAULT_REMEMBER = 16_384;

    private final TokenStore tokens;
    private final int rememberLimit;
    private final Set<Token> seen = new HashSet<>();
    private final ArrayDeque<Token> seenOrder = new ArrayDeque<>();

    public SidebandTokenPolicy(TokenStore tokens, int rememberLimit) {
        if (rememberLimit < 1) {
            throw new IllegalArgumentException("rememberLimit must be at least 1");
        }
        this.tokens = Objects.requireNonNull(tokens, "tokens");
        this.rememberLimit = rememberLimit;
    }

    public SidebandTokenPolicy() {
        this(new TokenStore(), DEFAULT_REMEMBER);
    }

    @Override
    public TokenStore tokens() {
        return tokens;
    }

    @Override
    public synchronized Expectation expect(Token sideband, long nowNanos) {
        if (!seen.add(sideband)) {
            return new Expectation(sideband, false);
        }
        seenOrder.addLast(sideband);
        if (seenOrder.size() > rememberLimit) {
            seen.remove(seenOrder.removeFirst());
        }
        // a full store (more handoffs in flight than its limit) leaves the token unregistered: TOKEN_NOT_PENDING
        return new Expectation(sideband, tokens.register(sideband, nowNanos) instanceof Issuance.Issued);
    }

    @Override
    public void finished(Expectation expectation) {
        if (expectation.registered()) {
            tokens.revoke(expectation.expected());
        }
    }

    /** How many sideband tokens are remembered right now (at most the limit). */
    public synchronized int remembered() {
        return seen.size();
    }
}
