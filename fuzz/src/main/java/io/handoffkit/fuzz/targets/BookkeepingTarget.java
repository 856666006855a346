package io.handoffkit.fuzz.targets;

import static io.handoffkit.fuzz.oracle.OracleViolation.check;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.google.protobuf.ByteString;
import io.handoffkit.ack.AckRegistry;
import io.handoffkit.ack.Acknowledgement;
import io.handoffkit.ack.BackendIdentity;
import io.handoffkit.ack.PendingAck;
import io.handoffkit.backend.TokenJudgement;
import io.handoffkit.fuzz.oracle.OracleViolation;
import io.handoffkit.time.ManualClock;
import io.handoffkit.token.Issuance;
import io.handoffkit.token.Token;
import io.handoffkit.token.TokenStore;
import io.handoffkit.token.TokenStoreLimits;
import io.handoffkit.wire.ReasonCode;
import io.handoffkit.wire.Rejection;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The token store and the ACK registry sharing it (TOKEN-2..TOKEN-7,
 * REG-1..REG-6), driven by an operation sequence decoded from the input, with
 * a manual clock that the input moves (including exactly onto and one
 * nanosecond past expiries and deadlines, and across the wrap-around of the
 * nanosecond counter). After every operation the reference must agree with a
 * plain model written from SPEC.md, and no token generation may be accepted
 * twice. Tokens come from a pool of four so collisions and replays happen.
 */
public final class BookkeepingTarget {

    private static final int POOL = 4;
    private static final int MAX_OPS = 64;
    private static final BackendIdentity BACKEND = new BackendIdentity("fuzz", 1);

    private BookkeepingTarget() {}

    /** The spec's store and registry, as plainly as possible. Instants compare wrap-around safe. */
    private static final class Model {
        final int maxPending;
        final long ttl;
        final int retries;
        final long ackDeadline;
        final Map<Token, Long> tokens = new HashMap<>();
        final Map<Token, Long> acks = new HashMap<>();
        final Map<Token, Integer> generation = new HashMap<>();
        final Set<String> acceptedGenerations = new HashSet<>();
        int generations;

        Model(int maxPending, long ttl, int retries, long ackDeadline) {
            this.maxPending = Math.max(1, maxPending); // TOKEN-7 clamps
            this.ttl = ttl == 0 ? 1_000_000L : ttl;
            this.retries = Math.max(1, retries);
            this.ackDeadline = ackDeadline == 0 ? 1_000_000L : ackDeadline; // REG-1 clamp
        }

        static boolean past(long now, long instant) {
            return now - instant > 0;
        }

        int prune(long now) {
            int before = tokens.size();
            tokens.values().removeIf(expiry -> past(now, expiry));
            return before - tokens.size();
        }

        void add(Token t, long now) {
            tokens.put(t, now + ttl);
            generation.put(t, ++generations);
        }
    }

    public static void fuzz(FuzzedDataProvider data) {
        int maxPending = data.pickValue(new int[] {0, 1, 2, 3, 1024});
        long ttl = data.pickValue(new long[] {0, 1, 7, 1_000, 30_000_000_000L});
        int retries = data.pickValue(new int[] {0, 1, 2, 16});
        long ackDeadline = data.pickValue(new long[] {0, 1, 5, 1_000, 5_000_000_000L});
        long start = switch (data.consumeInt(0, 2)) {
            case 0 -> 0;
            case 1 -> Long.MAX_VALUE - data.consumeLong(0, 40_000_000_000L);
            default -> data.consumeLong();
        };
        List<Token> pool = new ArrayList<>();
        for (int i = 0; i < POOL; i++) {
            byte[] b = new byte[Token.LENGTH];
            b[0] = (byte) i;
            b[Token.LENGTH - 1] = data.consumeByte();
            pool.add(Token.of(b).orElseThrow());
        }
        Deque<Token> draws = new ArrayDeque<>();
        TokenStoreLimits limits = new TokenStoreLimits(maxPending, Duration.ofNanos(ttl), retries);
        TokenStore store = new TokenStore(limits, () -> {
            Token t = draws.poll();
            if (t == null) {
                throw new OracleViolation("the store drew more tokens than its collision retries (TOKEN-6)");
            }
            return t;
        });
        AckRegistry registry = new AckRegistry(store, Duration.ofNanos(ackDeadline));
        ManualClock clock = new ManualClock(start);
        Model m = new Model(maxPending, ttl, retries, ackDeadline);
        check(limits.maxPending() == m.maxPending && limits.ttl().toNanos() == m.ttl
                        && limits.collisionRetries() == m.retries && registry.limits().ackDeadline().toNanos() == m.ackDeadline,
                () -> "limits not clamped as TOKEN-7 / REG-1 say: " + limits + " " + registry.limits());

        int ops = data.consumeInt(1, MAX_OPS);
        for (int i = 0; i < ops && data.remainingBytes() > 0; i++) {
            Token t = pool.get(data.consumeInt(0, POOL - 1));
            long now = clock.nanos();
            String step = "step " + i + " at " + now + ": ";
            switch (data.consumeInt(0, 9)) {
                case 0 -> { // issue (TOKEN-6)
                    draws.clear();
                    List<Token> candidates = new ArrayList<>();
                    for (int c = 0; c < m.retries; c++) {
                        candidates.add(c == 0 ? t : pool.get(data.consumeInt(0, POOL - 1)));
                    }
                    draws.addAll(candidates);
                    Issuance got = store.issue(now);
                    m.prune(now);
                    Issuance expected;
                    if (m.tokens.size() >= m.maxPending) {
                        expected = new Issuance.Full(m.tokens.size());
                    } else {
                        Optional<Token> fresh = candidates.stream().filter(c -> !m.tokens.containsKey(c)).findFirst();
                        fresh.ifPresent(c -> m.add(c, now));
                        expected = fresh.<Issuance>map(Issuance.Issued::new).orElse(new Issuance.Collided(m.retries));
                    }
                    check(got.equals(expected), () -> step + "issue gave " + got + ", the model " + expected);
                }
                case 1 -> { // register a token learnt from the sideband
                    Issuance got = store.register(t, now);
                    m.prune(now);
                    Issuance expected;
                    if (m.tokens.containsKey(t)) {
                        expected = new Issuance.Collided(1);
                    } else if (m.tokens.size() >= m.maxPending) {
                        expected = new Issuance.Full(m.tokens.size());
                    } else {
                        m.add(t, now);
                        expected = new Issuance.Issued(t);
                    }
                    check(got.equals(expected), () -> step + "register gave " + got + ", the model " + expected);
                }
                case 2, 3 -> consume(data, store, m, t, pool, now, step);
                case 4 -> { // revoke
                    boolean got = store.revoke(t);
                    check(got == (m.tokens.remove(t) != null), () -> step + "revoke returned " + got);
                }
                case 5 -> { // prune
                    int got = store.prune(now);
                    int expected = m.prune(now);
                    check(got == expected, () -> step + "prune removed " + got + ", the model " + expected);
                }
                case 6 -> advance(data, clock, m, t);
                case 7 -> { // REG-1: register an awaited ACK
                    PendingAck entry = registry.register(t, BACKEND, now);
                    m.acks.put(t, now + m.ackDeadline);
                    check(entry.deadlineNanos() == now + m.ackDeadline, () -> step + "REG-1 deadline " + entry.deadlineNanos());
                }
                case 8 -> { // REG-2..REG-4: acknowledge
                    Acknowledgement got = registry.acknowledge(t, now);
                    Long deadline = m.acks.remove(t);
                    String expected = deadline == null ? "NotPending" : Model.past(now, deadline) ? "Late" : "Acknowledged";
                    if (deadline != null) {
                        m.tokens.remove(t);
                    }
                    check(got.getClass().getSimpleName().equals(expected), () -> step + "acknowledge gave " + got + ", the model " + expected);
                    if (got instanceof Acknowledgement.Late late) {
                        check(late.rejection().reason() == ReasonCode.LATE, () -> step + "a late acknowledgement is not LATE");
                    }
                }
                default -> {
                    if (data.consumeBoolean()) { // REG-5: abandon always revokes
                        boolean got = registry.abandon(t);
                        check(got == (m.acks.remove(t) != null), () -> step + "abandon returned " + got);
                        m.tokens.remove(t);
                    } else { // REG-6: expire overdue
                        Set<Token> got = new HashSet<>();
                        for (PendingAck p : registry.expireOverdue(now)) {
                            check(got.add(p.token()), () -> step + "expireOverdue returned a token twice");
                        }
                        Set<Token> expected = new HashSet<>();
                        m.acks.entrySet().removeIf(e -> Model.past(now, e.getValue()) && expected.add(e.getKey()));
                        expected.forEach(m.tokens::remove);
                        check(got.equals(expected), () -> step + "expireOverdue returned " + got.size() + " entries, the model " + expected.size());
                    }
                }
            }
            agree(store, registry, m, pool, step);
        }
    }

    /** TokenJudgement against the store (OFFER-4, OFFER-5, TOKEN-2..TOKEN-5), presented tokens of every shape. */
    private static void consume(FuzzedDataProvider data, TokenStore store, Model m, Token expected, List<Token> pool,
            long now, String step) {
        byte[] presented = switch (data.consumeInt(0, 5)) {
            case 0, 1 -> expected.toBytes();
            case 2 -> pool.get(data.consumeInt(0, POOL - 1)).toBytes();
            case 3 -> new byte[0];
            case 4 -> Arrays.copyOf(expected.toBytes(), data.consumeInt(1, 40));
            default -> {
                byte[] b = expected.toBytes();
                b[data.consumeInt(0, Token.LENGTH - 1)] ^= (byte) (1 << data.consumeInt(0, 7));
                yield b;
            }
        };
        Optional<Rejection> got = TokenJudgement.judge(store, expected, ByteString.copyFrom(presented), now);
        ReasonCode model;
        Long expiry = m.tokens.get(expected);
        if (presented.length == 0) {
            model = ReasonCode.TOKEN_MISSING;
        } else if (presented.length != Token.LENGTH) {
            model = ReasonCode.TOKEN_LENGTH;
        } else if (expiry == null) {
            model = ReasonCode.TOKEN_NOT_PENDING;
        } else if (Model.past(now, expiry)) {
            model = ReasonCode.TOKEN_EXPIRED;
            m.tokens.remove(expected);
        } else if (!Arrays.equals(presented, expected.toBytes())) {
            model = ReasonCode.TOKEN_MISMATCH;
        } else {
            model = null;
            m.tokens.remove(expected);
            String generation = Arrays.toString(expected.toBytes()) + "#" + m.generation.get(expected);
            check(m.acceptedGenerations.add(generation), () -> step + "a token generation was accepted twice (TOKEN-5)");
        }
        check(got.map(Rejection::reason).orElse(null) == model,
                () -> step + "judgement " + got.map(Rejection::toString).orElse("accepted") + ", the model "
                        + (model == null ? "accepted" : model));
    }

    /** Moves the clock by a small amount, or exactly onto / just past a token's expiry or an ACK deadline. */
    private static void advance(FuzzedDataProvider data, ManualClock clock, Model m, Token t) {
        long now = clock.nanos();
        long target = switch (data.consumeInt(0, 4)) {
            case 0 -> now + data.consumeLong(0, 3_000);
            case 1 -> m.tokens.getOrDefault(t, now);
            case 2 -> m.tokens.getOrDefault(t, now) + 1;
            case 3 -> m.acks.getOrDefault(t, now);
            default -> m.acks.getOrDefault(t, now) + 1;
        };
        long by = target - now; // wrap-around safe: positive when the target lies ahead
        if (by > 0) { // the clock is monotonic: a target already behind is skipped
            clock.advanceNanos(by);
        }
    }

    private static void agree(TokenStore store, AckRegistry registry, Model m, List<Token> pool, String step) {
        check(store.pendingCount() == m.tokens.size(), () -> step + "the store holds " + store.pendingCount() + " tokens, the model "
                + m.tokens.size());
        check(registry.pendingCount() == m.acks.size(), () -> step + "the registry holds " + registry.pendingCount()
                + " entries, the model " + m.acks.size());
        check(store.pendingCount() <= m.maxPending, () -> step + "the store holds more than its limit (TOKEN-6)");
        for (Token t : pool) {
            check(store.isPending(t) == m.tokens.containsKey(t), () -> step + "pending disagrees for token " + pool.indexOf(t));
        }
    }
}
