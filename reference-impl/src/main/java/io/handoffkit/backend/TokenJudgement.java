package io.handoffkit.backend;

import com.google.protobuf.ByteString;
import io.handoffkit.token.Token;
import io.handoffkit.token.TokenStore;
import io.handoffkit.wire.ReasonCode;
import io.handoffkit.wire.Rejection;
import java.util.Optional;

/**
 * The backend's judgement of the token presented in an offer against the
 * token it was told to expect: shape first (OFFER-4, OFFER-5), then the
 * token store (TOKEN-2..TOKEN-5). Empty means accepted and consumed.
 */
public final class TokenJudgement {

    private TokenJudgement() {}

    public static Optional<Rejection> judge(TokenStore store, Token expected, ByteString presented, long now) {
        if (presented.isEmpty()) {
            return Optional.of(new Rejection(ReasonCode.TOKEN_MISSING, "OFFER-4", "handoff token is missing"));
        }
        Optional<Token> token = Token.of(presented);
        if (token.isEmpty()) {
            return Optional.of(new Rejection(ReasonCode.TOKEN_LENGTH, "OFFER-5",
                    "handoff token length was " + presented.size() + " bytes; expected " + Token.LENGTH));
        }
        return store.consumeMatching(expected, token.get(), now);
    }
}
