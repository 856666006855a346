package io.handoffkit.token;

/** What {@link TokenStore#issue} or {@link TokenStore#register} did. */
public sealed interface Issuance {

    /** The token is now pending. */
    record Issued(Token token) implements Issuance {}

    /** The store holds its maximum of pending tokens, even after pruning the expired ones (TOKEN-6). */
    record Full(int pending) implements Issuance {}

    /** Every attempt produced a token that was already pending (TOKEN-6), or a registered token was already pending. */
    record Collided(int attempts) implements Issuance {}
}
