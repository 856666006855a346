package io.handoffkit.backend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import io.handoffkit.token.Token;
import io.handoffkit.token.TokenStore;
import io.handoffkit.wire.ReasonCode;
import io.handoffkit.wire.Rejection;
import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The shape of the presented token is judged before the store is asked (OFFER-4, OFFER-5), and neither touches the store. */
class TokenJudgementTest {

    private static final Token EXPECTED = Token.fromHex("000102030405060708090a0b0c0d0e0f");

    private static TokenStore storeWithExpected() {
        TokenStore store = new TokenStore();
        store.register(EXPECTED, 0);
        return store;
    }

    @Test
    @DisplayName("OFFER-4 an empty token is missing, not of the wrong length, and the expected token stays pending")
    void emptyTokenIsMissing() {
        TokenStore store = storeWithExpected();
        Rejection r = TokenJudgement.judge(store, EXPECTED, ByteString.EMPTY, 1).orElseThrow();
        assertEquals(ReasonCode.TOKEN_MISSING, r.reason());
        assertEquals("OFFER-4", r.requirement());
        assertTrue(store.isPending(EXPECTED));
    }

    @Test
    @DisplayName("OFFER-5 a token of 1, 15 or 17 bytes has the wrong length, says how long it was, and the expected token stays pending")
    void wrongLengthToken() {
        TokenStore store = storeWithExpected();
        for (int length : new int[] {1, 15, 17}) {
            Rejection r = TokenJudgement.judge(store, EXPECTED, ByteString.copyFrom(new byte[length]), 1).orElseThrow();
            assertEquals(ReasonCode.TOKEN_LENGTH, r.reason(), "length " + length);
            assertEquals("OFFER-5", r.requirement());
            assertTrue(r.detail().contains("was " + length + " bytes"), r.detail());
        }
        assertTrue(store.isPending(EXPECTED));
    }

    @Test
    @DisplayName("TOKEN-5 the expected token, presented, is accepted and consumed")
    void expectedTokenIsConsumed() {
        TokenStore store = storeWithExpected();
        assertEquals(Optional.empty(), TokenJudgement.judge(store, EXPECTED, EXPECTED.toByteString(), 1));
        assertEquals(0, store.pendingCount());
    }
}
