package io.handoffkit.token;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import io.handoffkit.wire.ReasonCode;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The token store's bounds and its expiry instant, at their edges (TOKEN-3, TOKEN-5, TOKEN-6). */
class TokenStoreTest {

    private static final Duration TTL = Duration.ofSeconds(30);
    private static final long ISSUED = 1_000L;
    private static final Token A = Token.fromHex("000102030405060708090a0b0c0d0e0f");
    private static final Token B = Token.fromHex("101112131415161718191a1b1c1d1e1f");
    private static final Token C = Token.fromHex("202122232425262728292a2b2c2d2e2f");

    private static TokenStore store(int maxPending) {
        return new TokenStore(new TokenStoreLimits(maxPending, TTL, 4));
    }

    @Test
    @DisplayName("TOKEN-6 registering a token that is already pending is refused, and the pending one keeps its own expiry")
    void registeringAPendingTokenAgainIsRefused() {
        TokenStore store = store(8);
        assertInstanceOf(Issuance.Issued.class, store.register(A, ISSUED));
        long later = ISSUED + TTL.toNanos() / 2;
        assertEquals(new Issuance.Collided(1), store.register(A, later));
        assertEquals(1, store.pendingCount());
        // a second registration would have moved the expiry to later + TTL: the first one's instant still holds
        assertEquals(ReasonCode.TOKEN_EXPIRED, store.consumeMatching(A, A, ISSUED + TTL.toNanos()).orElseThrow().reason());
    }

    @Test
    @DisplayName("TOKEN-6 a full store refuses to register another token until an expired one is pruned")
    void registeringIntoAFullStoreIsRefused() {
        TokenStore store = store(2);
        assertInstanceOf(Issuance.Issued.class, store.register(A, ISSUED));
        assertInstanceOf(Issuance.Issued.class, store.register(B, ISSUED + 1));
        assertEquals(new Issuance.Full(2), store.register(C, ISSUED + 2));
        assertFalse(store.isPending(C));
        // at A's expiry instant the register call prunes A first, and C fits
        assertInstanceOf(Issuance.Issued.class, store.register(C, ISSUED + TTL.toNanos()));
        assertFalse(store.isPending(A));
        assertTrue(store.isPending(B) && store.isPending(C));
    }

    @Test
    @DisplayName("TOKEN-3 a token is pending until one nanosecond before issue + TTL and expired at exactly issue + TTL")
    void expiryIsAtExactlyIssuePlusTtl() {
        TokenStore store = store(8);
        store.register(A, ISSUED);
        store.register(B, ISSUED);
        assertEquals(Optional.empty(), store.consumeMatching(A, A, ISSUED + TTL.toNanos() - 1));
        assertEquals(ReasonCode.TOKEN_EXPIRED, store.consumeMatching(B, B, ISSUED + TTL.toNanos()).orElseThrow().reason());
        assertFalse(store.isPending(B), "an expired token is gone once judged");
    }

    @Test
    @DisplayName("TOKEN-3 pruning removes exactly the tokens whose expiry instant has come")
    void pruningAtTheExpiryInstant() {
        TokenStore store = store(8);
        store.register(A, ISSUED);
        store.register(B, ISSUED + 1);
        assertEquals(0, store.prune(ISSUED + TTL.toNanos() - 1));
        assertEquals(1, store.prune(ISSUED + TTL.toNanos()));
        assertTrue(store.isPending(B));
    }

    @Test
    @DisplayName("TOKEN-5 equality of tokens is by their 16 bytes only: never equal to null, to another type or to other bytes")
    void tokenEquality() {
        assertEquals(A, Token.fromHex(A.toHex()));
        assertEquals(A.hashCode(), Token.fromHex(A.toHex()).hashCode());
        assertNotEquals(A, B);
        assertFalse(A.equals(null));
        assertFalse(A.equals(A.toHex()));
        assertFalse(A.equals(A.toByteString()));
    }

    @Test
    @DisplayName("TOKEN-5 tokens spread over hash codes: a store of pending tokens is not one long bucket")
    void tokensSpreadOverHashCodes() {
        SecureRandom random = new SecureRandom();
        Set<Integer> hashes = new HashSet<>();
        for (int i = 0; i < 1000; i++) {
            hashes.add(Token.random(random).hashCode());
        }
        // 1,000 random 32-bit hashes collide with probability ~1e-4; a constant hash gives 1
        assertTrue(hashes.size() >= 990, hashes.size() + " distinct hash codes");
    }

    @Test
    @DisplayName("TOKEN-8 a token is never printed: toString() is redacted and holds none of its hex")
    void tokenIsRedactedWhenPrinted() {
        assertEquals("Token[redacted]", A.toString());
        assertFalse(A.toString().contains(A.toHex().substring(0, 4)));
    }

    @Test
    @DisplayName("TOKEN-1 a token given in hex must be 16 bytes: another length is refused, naming the length")
    void tokenFromHexOfAnotherLength() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Token.fromHex("00ff"));
        assertEquals("a token is 16 bytes (32 hex digits)", e.getMessage());
    }

    @Test
    @DisplayName("ACK-4 a token echo matches only the token's 16 bytes: not a prefix, not one more byte, not one differing last byte")
    void echoMatchesExactlyTheSixteenBytes() {
        ByteString echo = A.toByteString();
        assertTrue(A.matches(echo));
        assertFalse(A.matches(echo.substring(0, Token.LENGTH - 1)));
        assertFalse(A.matches(echo.concat(ByteString.copyFrom(new byte[1]))));
        assertFalse(A.matches(ByteString.EMPTY));
        byte[] last = echo.toByteArray();
        last[Token.LENGTH - 1] ^= 1;
        assertFalse(A.matches(ByteString.copyFrom(last)));
        assertFalse(A.matches(B.toByteString()));
    }
}
