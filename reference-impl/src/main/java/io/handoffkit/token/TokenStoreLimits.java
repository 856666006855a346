package io.handoffkit.token;

import java.time.Duration;

/**
 * Bounds of a {@link TokenStore} (TOKEN-6, TOKEN-7). Zero values are clamped
 * the way upstream clamps them: a zero TTL to 1 ms, a zero pending limit to 1.
 */
public record TokenStoreLimits(int maxPending, Duration ttl, int collisionRetries) {

    public static final int DEFAULT_MAX_PENDING = 1024;
    public static final Duration DEFAULT_TTL = Duration.ofSeconds(30);
    public static final int DEFAULT_COLLISION_RETRIES = 16;

    public TokenStoreLimits {
        if (maxPending < 0 || collisionRetries < 0 || ttl.isNegative()) {
            throw new IllegalArgumentException("token store limits must not be negative");
        }
        maxPending = Math.max(1, maxPending);
        ttl = ttl.isZero() ? Duration.ofMillis(1) : ttl;
        collisionRetries = Math.max(1, collisionRetries);
    }

    public static TokenStoreLimits defaults() {
        return new TokenStoreLimits(DEFAULT_MAX_PENDING, DEFAULT_TTL, DEFAULT_COLLISION_RETRIES);
    }
}
