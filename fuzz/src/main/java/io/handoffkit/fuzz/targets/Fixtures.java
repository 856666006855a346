package io.handoffkit.fuzz.targets;

import io.handoffkit.token.Token;
import io.handoffkit.token.TokenStore;
import io.handoffkit.token.TokenStoreLimits;

/**
 * The fixed inputs of the role targets. They are the values most golden
 * vectors use (vectors/README.md: test token {@code 000102..0f}, broker
 * correlation id 300), so the seeds generated from the vectors reach the deep
 * checks instead of stopping at a token or correlation mismatch.
 */
public final class Fixtures {

    /** The broker's offered token, the client's negotiated token, the backend's expected token. */
    public static final Token TOKEN = Token.fromHex("000102030405060708090a0b0c0d0e0f");
    /** The offer's correlation id the broker checks the ACK against. */
    public static final long CORRELATION_ID = 300;

    private Fixtures() {}

    /** A store in which {@link #TOKEN} is pending at instant 0 (TTL 30 s); it never issues tokens itself. */
    public static TokenStore storeExpectingToken() {
        TokenStore store = new TokenStore(TokenStoreLimits.defaults(), () -> {
            throw new IllegalStateException("the serve step must not issue tokens");
        });
        store.register(TOKEN, 0);
        return store;
    }
}
