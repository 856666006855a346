package io.handoffkit.broker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import io.handoffkit.ack.AckRegistry;
import io.handoffkit.time.ManualClock;
import io.handoffkit.token.Token;
import io.handoffkit.token.TokenStore;
import io.handoffkit.token.TokenStoreLimits;
import java.security.SecureRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/** A broker's bookkeeping on a manual clock, with both orchestrators over it. */
final class BrokerFixture {

    /** Far from zero, so a test that mistakes "0" for "now" fails. */
    static final long START = 7_000_000_000L;
    static final String SERVICE = "svc";
    static final long BACKEND_PID = 4242;
    static final long CORRELATION_ID = 77;

    private static final SecureRandom RANDOM = new SecureRandom();

    final ManualClock clock = new ManualClock(START);
    final AtomicInteger tokensDrawn = new AtomicInteger();
    final TokenStore tokens;
    final AckRegistry acks;
    final FallbackPolicy policy;
    final UnixHandoffOrchestrator unix;
    final WindowsHandoffOrchestrator windows;

    BrokerFixture() {
        this(TokenStoreLimits.defaults(), BrokerFixture::randomToken);
    }

    BrokerFixture(TokenStoreLimits limits, Supplier<Token> draw) {
        this.tokens = new TokenStore(limits, () -> {
            tokensDrawn.incrementAndGet();
            return draw.get();
        });
        this.acks = new AckRegistry(tokens);
        this.policy = new FallbackPolicy();
        this.unix = new UnixHandoffOrchestrator(tokens, acks, policy, clock);
        this.windows = new WindowsHandoffOrchestrator(tokens, acks, policy, clock);
    }

    static Token randomToken() {
        return Token.random(RANDOM);
    }

    static HandoffRequest request() {
        return new HandoffRequest(SERVICE, BACKEND_PID, CORRELATION_ID, true);
    }

    static Fallback fellBack(HandoffOutcome outcome) {
        return assertInstanceOf(HandoffOutcome.FellBack.class, outcome).fallback();
    }

    /** ORCH-3: nothing of the attempt is left pending in either book. */
    void assertNothingPending() {
        assertEquals(0, tokens.pendingCount(), "pending tokens");
        assertEquals(0, acks.pendingCount(), "pending ACK entries");
    }
}
