package io.handoffkit.ack;

import io.handoffkit.token.Token;
import io.handoffkit.token.TokenStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The broker's handoffs awaiting a backend ACK, keyed by token (SPEC REG-1..REG-6).
 * Every way an entry leaves the registry also revokes its token in the shared
 * {@link TokenStore}, so a finished or failed handoff never leaves a usable token
 * behind. Times are passed in (clock nanos), as for the token store.
 * Thread-safe: the serve loop and a deadline sweeper may act on the same token.
 */
public final class AckRegistry {

    private final TokenStore tokens;
    private final AckRegistryLimits limits;
    private final Map<Token, PendingAck> pending = new HashMap<>();

    public AckRegistry(TokenStore tokens, AckRegistryLimits limits) {
        this.tokens = Objects.requireNonNull(tokens, "tokens");
        this.limits = Objects.requireNonNull(limits, "limits");
    }

    public AckRegistry(TokenStore tokens, Duration ackDeadline) {
        this(tokens, new AckRegistryLimits(ackDeadline));
    }

    public AckRegistry(TokenStore tokens) {
        this(tokens, AckRegistryLimits.defaults());
    }

    public AckRegistryLimits limits() {
        return limits;
    }

    /** The store whose tokens this registry revokes; an orchestrator must issue from the same one. */
    public TokenStore tokens() {
        return tokens;
    }

    /** Start waiting for the ACK: deadline = now + ACK deadline (REG-1). Re-registering a token restarts its wait. */
    public synchronized PendingAck register(Token token, BackendIdentity backend, long now) {
        PendingAck entry = new PendingAck(token, backend, now + limits.ackDeadline().toNanos());
        pending.put(token, entry);
        return entry;
    }

    /** Judge an ACK observed at {@code now}: on time at most once (REG-2), else not pending (REG-3) or late (REG-4). */
    public synchronized Acknowledgement acknowledge(Token token, long now) {
        PendingAck entry = pending.remove(token);
        if (entry == null) {
            return new Acknowledgement.NotPending();
        }
        tokens.revoke(token);
        return entry.isOverdueAt(now) ? new Acknowledgement.Late(entry, now) : new Acknowledgement.Acknowledged(entry);
    }

    /**
     * Give the handoff up: remove the entry and revoke the token, even when no entry
     * exists (REG-5), so a fallback at any stage cleans up with one call whether the
     * entry was never registered or already left (late, expired). True when an entry was removed.
     */
    public synchronized boolean abandon(Token token) {
        tokens.revoke(token);
        return pending.remove(token) != null;
    }

    /** Remove and revoke every entry whose deadline has passed at {@code now}; returns them (REG-6). */
    public synchronized List<PendingAck> expireOverdue(long now) {
        List<PendingAck> overdue = new ArrayList<>();
        for (Iterator<PendingAck> it = pending.values().iterator(); it.hasNext(); ) {
            PendingAck entry = it.next();
            if (entry.isOverdueAt(now)) {
                it.remove();
                tokens.revoke(entry.token());
                overdue.add(entry);
            }
        }
        return overdue;
    }

    public synchronized int pendingCount() {
        return pending.size();
    }
}
