package io.handoffkit.ack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.handoffkit.token.Issuance;
import io.handoffkit.token.Token;
import io.handoffkit.token.TokenStore;
import io.handoffkit.wire.ReasonCode;
import io.handoffkit.wire.Rejection;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** SPEC §8, ACK registry: REG-1..REG-6. */
class AckRegistryTest {

    private static final long NOW = 3_000_000_000L;
    private static final long FIVE_SECONDS = Duration.ofSeconds(5).toNanos();
    private static final BackendIdentity BACKEND = new BackendIdentity("svc", 4242);

    private final TokenStore tokens = new TokenStore();
    private final AckRegistry registry = new AckRegistry(tokens);

    private Token issued() {
        return assertInstanceOf(Issuance.Issued.class, tokens.issue(NOW)).token();
    }

    @Test
    @DisplayName("REG-1 register sets deadline = now + the default ACK deadline of 5 s")
    void registerSetsDefaultDeadline() {
        Token token = issued();

        PendingAck entry = registry.register(token, BACKEND, NOW);

        assertEquals(new PendingAck(token, BACKEND, NOW + FIVE_SECONDS), entry);
        assertEquals(1, registry.pendingCount());
    }

    @Test
    @DisplayName("REG-1 register uses a configured ACK deadline")
    void registerUsesConfiguredDeadline() {
        AckRegistry custom = new AckRegistry(tokens, Duration.ofMillis(250));

        PendingAck entry = custom.register(issued(), BACKEND, NOW);

        assertEquals(NOW + Duration.ofMillis(250).toNanos(), entry.deadlineNanos());
    }

    @Test
    @DisplayName("REG-1 a zero ACK deadline is clamped to 1 ms")
    void zeroDeadlineIsClamped() {
        AckRegistry clamped = new AckRegistry(tokens, Duration.ZERO);

        assertEquals(Duration.ofMillis(1), clamped.limits().ackDeadline());
        assertEquals(NOW + 1_000_000L, clamped.register(issued(), BACKEND, NOW).deadlineNanos());
    }

    @Test
    @DisplayName("REG-1 a negative ACK deadline is refused")
    void negativeDeadlineIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> new AckRegistryLimits(Duration.ofNanos(-1)));
    }

    @Test
    @DisplayName("REG-1 re-registering a token restarts its wait")
    void reRegisterRestartsWait() {
        Token token = issued();
        registry.register(token, BACKEND, NOW);

        PendingAck again = registry.register(token, BACKEND, NOW + 1000);

        assertEquals(NOW + 1000 + FIVE_SECONDS, again.deadlineNanos());
        assertEquals(1, registry.pendingCount());
    }

    @Test
    @DisplayName("REG-2 an ACK one nanosecond before the deadline is acknowledged once and revokes the token")
    void ackJustBeforeDeadlineIsOnTime() {
        Token token = issued();
        PendingAck entry = registry.register(token, BACKEND, NOW);

        Acknowledgement result = registry.acknowledge(token, entry.deadlineNanos() - 1);

        assertEquals(new Acknowledgement.Acknowledged(entry), result);
        assertFalse(tokens.isPending(token), "token revoked");
        assertEquals(0, registry.pendingCount());
    }

    @Test
    @DisplayName("REG-4 an ACK observed exactly at the deadline is late (upstream's now >= deadline) and revokes the token")
    void ackAtDeadlineIsLate() {
        Token token = issued();
        PendingAck entry = registry.register(token, BACKEND, NOW);

        Acknowledgement result = registry.acknowledge(token, entry.deadlineNanos());

        assertInstanceOf(Acknowledgement.Late.class, result);
        assertFalse(tokens.isPending(token), "token revoked");
        assertEquals(0, registry.pendingCount());
    }

    @Test
    @DisplayName("REG-2 acknowledging one handoff leaves the others pending")
    void ackTouchesOnlyItsOwnEntry() {
        Token acked = issued();
        Token other = issued();
        registry.register(acked, BACKEND, NOW);
        registry.register(other, BACKEND, NOW);

        assertInstanceOf(Acknowledgement.Acknowledged.class, registry.acknowledge(acked, NOW));

        assertTrue(tokens.isPending(other));
        assertEquals(1, registry.pendingCount());
        assertInstanceOf(Acknowledgement.Acknowledged.class, registry.acknowledge(other, NOW));
    }

    @Test
    @DisplayName("REG-3 a second ACK for the same token is not pending")
    void secondAckIsNotPending() {
        Token token = issued();
        registry.register(token, BACKEND, NOW);
        registry.acknowledge(token, NOW);

        assertEquals(new Acknowledgement.NotPending(), registry.acknowledge(token, NOW));
    }

    @Test
    @DisplayName("REG-3 an ACK for a token never registered is not pending and changes nothing")
    void unknownAckIsNotPending() {
        Token registered = issued();
        Token unregistered = issued();
        registry.register(registered, BACKEND, NOW);

        assertEquals(new Acknowledgement.NotPending(), registry.acknowledge(unregistered, NOW));

        assertTrue(tokens.isPending(registered));
        assertTrue(tokens.isPending(unregistered), "no entry: the ACK registry leaves the token alone");
        assertEquals(1, registry.pendingCount());
    }

    @Test
    @DisplayName("REG-4 an ACK one nanosecond after the deadline is late, removes the entry and revokes the token")
    void ackOneNanoLateIsLate() {
        Token token = issued();
        PendingAck entry = registry.register(token, BACKEND, NOW);

        Acknowledgement result = registry.acknowledge(token, entry.deadlineNanos() + 1);

        Acknowledgement.Late late = assertInstanceOf(Acknowledgement.Late.class, result);
        assertEquals(entry, late.entry());
        assertEquals(entry.deadlineNanos() + 1, late.observedAtNanos());
        assertEquals(new Rejection(ReasonCode.LATE, "REG-4", "backend HandoffAck arrived after the ACK deadline"),
                late.rejection());
        assertFalse(tokens.isPending(token), "token revoked");
        assertEquals(0, registry.pendingCount());
        assertEquals(new Acknowledgement.NotPending(), registry.acknowledge(token, NOW), "a late ACK is not retried");
    }

    @Test
    @DisplayName("REG-4 deadlines survive a nanoTime wrap-around")
    void deadlineAcrossWrapAround() {
        long nearMax = Long.MAX_VALUE - 10;
        Token onTime = issued();
        Token late = issued();
        PendingAck entry = registry.register(onTime, BACKEND, nearMax);
        registry.register(late, BACKEND, nearMax);

        assertTrue(entry.deadlineNanos() < 0, "the deadline wrapped");
        assertInstanceOf(Acknowledgement.Acknowledged.class, registry.acknowledge(onTime, nearMax + 1));
        assertInstanceOf(Acknowledgement.Late.class, registry.acknowledge(late, entry.deadlineNanos() + 1));
    }

    @Test
    @DisplayName("REG-5 abandon removes the entry and revokes the token")
    void abandonRemovesAndRevokes() {
        Token token = issued();
        registry.register(token, BACKEND, NOW);

        assertTrue(registry.abandon(token));

        assertFalse(tokens.isPending(token));
        assertEquals(0, registry.pendingCount());
        assertEquals(new Acknowledgement.NotPending(), registry.acknowledge(token, NOW));
    }

    @Test
    @DisplayName("REG-5 abandon revokes the token even when no entry exists")
    void abandonWithoutEntryStillRevokes() {
        Token token = issued();

        assertFalse(registry.abandon(token), "there was no entry");

        assertFalse(tokens.isPending(token));
    }

    @Test
    @DisplayName("REG-6 expire_overdue revokes and returns every overdue entry, keeping those still on time")
    void expireOverdueTakesOnlyOverdue() {
        Token early = issued();
        Token alsoEarly = issued();
        Token atDeadline = issued();
        Token later = issued();
        PendingAck e1 = registry.register(early, BACKEND, NOW);
        PendingAck e2 = registry.register(alsoEarly, new BackendIdentity("other", 7), NOW + 5);
        PendingAck boundary = registry.register(atDeadline, BACKEND, NOW + 10);
        registry.register(later, BACKEND, NOW + 20);

        List<PendingAck> expired = registry.expireOverdue(boundary.deadlineNanos() - 1);

        assertEquals(Set.of(e1, e2), Set.copyOf(expired));
        assertEquals(2, expired.size());
        assertFalse(tokens.isPending(early));
        assertFalse(tokens.isPending(alsoEarly));
        assertTrue(tokens.isPending(atDeadline), "one nanosecond before its deadline is still on time");
        assertTrue(tokens.isPending(later));
        assertEquals(2, registry.pendingCount());
        assertEquals(new Acknowledgement.NotPending(), registry.acknowledge(early, NOW));
    }

    @Test
    @DisplayName("REG-6 expire_overdue with nothing overdue returns nothing")
    void expireOverdueWithNothingOverdue() {
        Token token = issued();
        PendingAck entry = registry.register(token, BACKEND, NOW);

        assertEquals(List.of(), registry.expireOverdue(entry.deadlineNanos() - 1));

        assertTrue(tokens.isPending(token));
        assertEquals(1, registry.pendingCount());
    }
}
