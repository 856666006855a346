package io.handoffkit.fuzz.targets;

import io.handoffkit.conformance.verdict.RoleInputs;
import io.handoffkit.conformance.verdict.TokenState;
import io.handoffkit.token.Token;
import io.handoffkit.token.TokenStore;
import io.handoffkit.token.TokenStoreLimits;
import java.util.Optional;

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

    /**
     * These inputs as {@link io.handoffkit.conformance.verdict.RoleEvaluator} takes them, for every role: the
     * offered / negotiated token and the pending expected token {@link #TOKEN}, correlation id
     * {@link #CORRELATION_ID}, a deadline that has not passed.
     */
    public static final RoleInputs ROLE_INPUTS = new RoleInputs(Optional.of(TOKEN), CORRELATION_ID, Optional.of(TOKEN),
            TokenState.PENDING, false);

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
