package io.handoffkit.token;

import io.handoffkit.wire.ReasonCode;
import io.handoffkit.wire.Rejection;
import java.security.SecureRandom;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Pending one-time tokens with a TTL (SPEC TOKEN-2..TOKEN-7). Time is passed
 * in, never read, so the model-based property can drive it step by step.
 * Thread-safe: one backend serves many handoff connections at once.
 */
public final class TokenStore {

    private final TokenStoreLimits limits;
    private final Supplier<Token> generator;
    /** token -> instant (nanos) from which on it is expired (TOKEN-3: upstream's {@code now >= expires_at}) */
    private final Map<Token, Long> pending = new HashMap<>();

    public TokenStore(TokenStoreLimits limits, Supplier<Token> generator) {
        this.limits = limits;
        this.generator = generator;
    }

    public TokenStore(TokenStoreLimits limits) {
        this(limits, secureGenerator());
    }

    public TokenStore() {
        this(TokenStoreLimits.defaults());
    }

    private static Supplier<Token> secureGenerator() {
        SecureRandom random = new SecureRandom();
        return () -> Token.random(random);
    }

    public TokenStoreLimits limits() {
        return limits;
    }

    /** Issue a fresh token: prune the expired, refuse when full, retry on collision up to the bound. */
    public synchronized Issuance issue(long now) {
        pruneLocked(now);
        if (pending.size() >= limits.maxPending()) {
            return new Issuance.Full(pending.size());
        }
        for (int attempt = 1; attempt <= limits.collisionRetries(); attempt++) {
            Token token = generator.get();
            if (!pending.containsKey(token)) {
                pending.put(token, expiry(now));
                return new Issuance.Issued(token);
            }
        }
        return new Issuance.Collided(limits.collisionRetries());
    }

    /**
     * Make a token received from elsewhere pending (the backend learns its
     * expected token from the SCM_RIGHTS sideband). Same bounds as {@link #issue}.
     */
    public synchronized Issuance register(Token token, long now) {
        pruneLocked(now);
        if (pending.containsKey(token)) {
            return new Issuance.Collided(1);
        }
        if (pending.size() >= limits.maxPending()) {
            return new Issuance.Full(pending.size());
        }
        pending.put(token, expiry(now));
        return new Issuance.Issued(token);
    }

    /**
     * Judge a presented token against the expected one; empty when accepted,
     * in which case the expected token is consumed (exactly once, TOKEN-5).
     */
    public synchronized Optional<Rejection> consumeMatching(Token expected, Token presented, long now) {
        Long expiresAt = pending.get(expected);
        if (expiresAt == null) {
            return Optional.of(new Rejection(ReasonCode.TOKEN_NOT_PENDING, "TOKEN-2", "handoff token is not pending"));
        }
        if (isExpired(expiresAt, now)) {
            pending.remove(expected);
            return Optional.of(new Rejection(ReasonCode.TOKEN_EXPIRED, "TOKEN-3", "handoff token expired"));
        }
        if (!expected.equals(presented)) {
            // the pending token stays pending: a later correct presentation still succeeds
            return Optional.of(new Rejection(ReasonCode.TOKEN_MISMATCH, "TOKEN-4", "handoff token mismatch"));
        }
        pending.remove(expected);
        return Optional.empty();
    }

    /** Remove a token whether or not it is pending; true when it was. */
    public synchronized boolean revoke(Token token) {
        return pending.remove(token) != null;
    }

    /** Remove every expired token; returns how many. */
    public synchronized int prune(long now) {
        return pruneLocked(now);
    }

    public synchronized boolean isPending(Token token) {
        return pending.containsKey(token);
    }

    public synchronized int pendingCount() {
        return pending.size();
    }

    private int pruneLocked(long now) {
        int before = pending.size();
        pending.values().removeIf(expiresAt -> isExpired(expiresAt, now));
        return before - pending.size();
    }

    /** Wrap-around safe, like every nanos comparison of the kit: a token is expired at exactly issue + TTL. */
    private static boolean isExpired(long expiresAt, long now) {
        return now - expiresAt >= 0;
    }

    private long expiry(long now) {
        return now + limits.ttl().toNanos();
    }
}
