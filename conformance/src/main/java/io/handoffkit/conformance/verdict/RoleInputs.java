package io.handoffkit.conformance.verdict;

import io.handoffkit.token.Token;
import java.util.Optional;

/**
 * What a role knows besides the bytes: the broker's offered token and
 * correlation id, the client's negotiated token, the backend's expected token.
 */
public record RoleInputs(
        Optional<Token> token,
        long correlationId,
        Optional<Token> expectedToken,
        TokenState expectedTokenState,
        boolean deadlinePassed) {

    public static RoleInputs none() {
        return new RoleInputs(Optional.empty(), 0, Optional.empty(), TokenState.PENDING, false);
    }
}
