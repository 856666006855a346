package io.handoffkit.conformance.property.suite;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.google.protobuf.ByteString;
import io.handoffkit.ack.AckRegistry;
import io.handoffkit.ack.Acknowledgement;
import io.handoffkit.ack.BackendIdentity;
import io.handoffkit.ack.PendingAck;
import io.handoffkit.backend.TokenJudgement;
import io.handoffkit.conformance.property.Coverage;
import io.handoffkit.conformance.property.Property;
import io.handoffkit.conformance.property.PropertyAssertionError;
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
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * Model-based: random operation sequences on the reference {@link TokenStore}
 * and {@link AckRegistry} (sharing one store, driven by a {@link ManualClock}),
 * compared after every step with a small model written from the spec
 * (TOKEN-2..TOKEN-7, REG-1..REG-6); no token generation is accepted twice.
 * Tokens come from a small pool so issue collides, register re-registers and
 * replays happen; the clock jumps exactly to expiries and deadlines and one
 * nanosecond past them, and starts near the wrap-around of the nanosecond
 * counter. One property, run seeded by the JUnit suite and coverage-guided by
 * the token-registry fuzz target.
 */
public final class BookkeepingModelProperty {

    private static final int POOL = 5;
    private static final BackendIdentity BACKEND = new BackendIdentity("svc", 4242);

    private BookkeepingModelProperty() {}

    public static Property<Scenario> property() {
        return Property.forAll("token store + ACK registry model", BookkeepingModelProperty::scenario)
                .describedBy(Scenario::describe)
                .requireLabels(
                        "issue Issued", "issue Full", "issue Collided", "register Collided", "register Full",
                        "consume accepted", "consume TOKEN_MISSING", "consume TOKEN_LENGTH", "consume TOKEN_NOT_PENDING",
                        "consume TOKEN_EXPIRED", "consume TOKEN_MISMATCH", "consume expired exactly at the TTL",
                        "consume replay refused", "revoke removed", "prune removed",
                        "acknowledge Acknowledged", "acknowledge Late", "acknowledge NotPending",
                        "acknowledge twice", "acknowledge exactly at the deadline", "abandon without entry",
                        "expire returned", "clock at the TTL", "clock just after the TTL", "zero limits clamped")
                .triesFactor(3)
                .check(BookkeepingModelProperty::run);
    }

    // ---- the scenario ----------------------------------------------------------------------------------------

    public enum Presented { RIGHT, OTHER_POOL_TOKEN, ONE_BIT_OFF, EMPTY, SHORT, LONG }

    public enum Jump { BY, TO_EXPIRY, PAST_EXPIRY, TO_DEADLINE, PAST_DEADLINE }

    public sealed interface Op {
        record Issue(List<Integer> candidates) implements Op {}

        record Register(int token) implements Op {}

        record Consume(int expected, Presented presented, int other, int length) implements Op {}

        record Revoke(int token) implements Op {}

        record Prune() implements Op {}

        record Advance(Jump jump, int token, long by) implements Op {}

        record AckRegister(int token) implements Op {}

        record Acknowledge(int token) implements Op {}

        record Abandon(int token) implements Op {}

        record ExpireOverdue() implements Op {}
    }

    public record Scenario(int maxPending, Duration ttl, int retries, Duration ackDeadline, long start, List<Token> pool, List<Op> ops) {
        String describe() {
            StringBuilder b = new StringBuilder("limits: maxPending=" + maxPending + " ttl=" + ttl.toNanos() + "ns retries=" + retries
                    + " ackDeadline=" + ackDeadline.toNanos() + "ns start=" + start + "\npool:");
            for (int i = 0; i < pool.size(); i++) {
                b.append(" ").append(i).append("=").append(pool.get(i).toHex(), 0, 8);
            }
            for (int i = 0; i < ops.size(); i++) {
                b.append("\n  ").append(i).append(": ").append(ops.get(i));
            }
            return b.toString();
        }
    }

    private static Scenario scenario(FuzzedDataProvider data) {
        int maxPending = data.pickValue(new int[] {0, 1, 2, 3, 8});
        Duration ttl = Duration.ofNanos(data.pickValue(new long[] {0, 1, 7, 1000, 30_000_000_000L}));
        int retries = data.pickValue(new int[] {0, 1, 2, 16});
        Duration ackDeadline = Duration.ofNanos(data.pickValue(new long[] {0, 1, 5, 1000, 5_000_000_000L}));
        long start = switch (data.consumeInt(0, 2)) {
            case 0 -> 0;
            case 1 -> Long.MAX_VALUE - data.consumeLong(0, 40_000_000_000L); // deadlines wrap around
            default -> data.consumeLong();
        };
        List<Token> pool = new ArrayList<>();
        for (int i = 0; i < POOL; i++) {
            byte[] b = new byte[Token.LENGTH];
            b[0] = (byte) i; // distinct, readable in a report
            byte[] rest = data.consumeBytes(Token.LENGTH - 1);
            System.arraycopy(rest, 0, b, 1, rest.length);
            pool.add(Token.of(b).orElseThrow());
        }
        int n = data.consumeInt(1, 60);
        List<Op> ops = new ArrayList<>();
        int[] focus = {0};
        for (int i = 0; i < n; i++) {
            ops.add(op(data, Math.max(1, retries), focus));
        }
        return new Scenario(maxPending, ttl, retries, ackDeadline, start, pool, ops);
    }

    /**
     * One operation. Most operations act on the token the previous one acted
     * on (the focus), so sequences like issue, advance to its expiry, consume,
     * consume again happen often instead of by luck.
     */
    private static Op op(FuzzedDataProvider data, int retries, int[] focus) {
        if (data.consumeInt(0, 3) == 0) {
            focus[0] = data.consumeInt(0, POOL - 1);
        }
        int token = focus[0];
        return switch (data.consumeInt(0, 12)) {
            case 0, 1 -> {
                List<Integer> c = new ArrayList<>();
                for (int i = 0; i < retries; i++) {
                    c.add(i == 0 ? token : data.consumeInt(0, POOL - 1));
                }
                yield new Op.Issue(c);
            }
            case 2 -> new Op.Register(token);
            case 3, 4 -> new Op.Consume(token, data.consumeBoolean() ? Presented.RIGHT : data.pickValue(Presented.values()),
                    data.consumeInt(0, POOL - 1), data.consumeInt(0, 40));
            case 5 -> new Op.Revoke(token);
            case 6 -> new Op.Prune();
            case 7, 8 -> new Op.Advance(data.pickValue(Jump.values()), token, data.consumeLong(0, 3_000));
            case 9 -> new Op.AckRegister(token);
            case 10 -> new Op.Acknowledge(token);
            case 11 -> new Op.Abandon(token);
            default -> new Op.ExpireOverdue();
        };
    }

    // ---- the model ---------------------------------------------------------------------------------------------

    /** The spec's token store and ACK registry, as plainly as possible. Times compare wrap-around safe. */
    private static final class Model {
        final int maxPending;
        final long ttl;
        final int retries;
        final long ackDeadline;
        /** token -> expiry (valid while now - expiry < 0); expired tokens stay until pruned or judged */
        final Map<Token, Long> tokens = new HashMap<>();
        /** token -> ACK deadline */
        final Map<Token, Long> acks = new HashMap<>();
        /** issuance generation of each pending token, and the generations already accepted once */
        final Map<Token, Integer> generation = new HashMap<>();
        final Set<String> accepted = new HashSet<>();
        int generations;

        Model(Scenario s) {
            // TOKEN-7 / REG-1 clamps: zero TTL -> 1 ms, zero pending limit -> 1, zero ACK deadline -> 1 ms
            this.maxPending = Math.max(1, s.maxPending());
            this.ttl = s.ttl().isZero() ? 1_000_000L : s.ttl().toNanos();
            this.retries = Math.max(1, s.retries());
            this.ackDeadline = s.ackDeadline().isZero() ? 1_000_000L : s.ackDeadline().toNanos();
        }

        /** Upstream's {@code now >= instant}: a token expires, and an ACK is late, at exactly the instant (TOKEN-3, REG-4). */
        static boolean reached(long now, long instant) {
            return now - instant >= 0;
        }

        int prune(long now) {
            int before = tokens.size();
            tokens.entrySet().removeIf(e -> reached(now, e.getValue()));
            return before - tokens.size();
        }

        void add(Token t, long now) {
            tokens.put(t, now + ttl);
            generation.put(t, ++generations);
        }
    }

    // ---- running a scenario ------------------------------------------------------------------------------------

    private static void run(Scenario s, Coverage coverage) {
        Deque<Token> draws = new ArrayDeque<>();
        TokenStoreLimits limits = new TokenStoreLimits(s.maxPending(), s.ttl(), s.retries());
        TokenStore store = new TokenStore(limits, () -> {
            Token t = draws.poll();
            if (t == null) {
                throw new AssertionError("the store drew more tokens than its collision retries");
            }
            return t;
        });
        AckRegistry registry = new AckRegistry(store, s.ackDeadline());
        ManualClock clock = new ManualClock(s.start());
        Model m = new Model(s);
        if (s.maxPending() == 0 || s.ttl().isZero() || s.retries() == 0 || s.ackDeadline().isZero()) {
            coverage.label("zero limits clamped");
        }
        agree(limits.maxPending() == m.maxPending && limits.ttl().toNanos() == m.ttl && limits.collisionRetries() == m.retries
                        && registry.limits().ackDeadline().toNanos() == m.ackDeadline,
                -1, "limits", () -> "clamped limits " + limits + " / " + registry.limits());
        Set<Token> acknowledgedOnce = new HashSet<>();
        for (int i = 0; i < s.ops().size(); i++) {
            Op op = s.ops().get(i);
            long now = clock.nanos();
            String what = op.getClass().getSimpleName();
            if (op instanceof Op.Issue issue) {
                draws.clear();
                issue.candidates().forEach(c -> draws.add(s.pool().get(c)));
                Issuance got = store.issue(now);
                m.prune(now);
                String expected;
                if (m.tokens.size() >= m.maxPending) {
                    expected = "Full(" + m.tokens.size() + ")";
                } else {
                    Optional<Token> fresh = issue.candidates().stream().map(s.pool()::get)
                            .filter(t -> !m.tokens.containsKey(t)).findFirst();
                    fresh.ifPresent(t -> m.add(t, now));
                    expected = fresh.map(t -> "Issued(" + s.pool().indexOf(t) + ")").orElse("Collided(" + m.retries + ")");
                }
                agree(describe(got, s).equals(expected), i, what, () -> "store " + describe(got, s) + ", model " + expected);
                coverage.label("issue " + got.getClass().getSimpleName());
            } else if (op instanceof Op.Register reg) {
                Token t = s.pool().get(reg.token());
                Issuance got = store.register(t, now);
                m.prune(now);
                String expected;
                if (m.tokens.containsKey(t)) {
                    expected = "Collided(1)";
                } else if (m.tokens.size() >= m.maxPending) {
                    expected = "Full(" + m.tokens.size() + ")";
                } else {
                    m.add(t, now);
                    expected = "Issued(" + reg.token() + ")";
                }
                agree(describe(got, s).equals(expected), i, what, () -> "store " + describe(got, s) + ", model " + expected);
                coverage.label("register " + got.getClass().getSimpleName());
            } else if (op instanceof Op.Consume c) {
                Token expected = s.pool().get(c.expected());
                byte[] presented = presented(c, expected, s.pool());
                boolean atTtl = m.tokens.containsKey(expected) && m.tokens.get(expected) == now;
                Optional<Rejection> got = TokenJudgement.judge(store, expected, ByteString.copyFrom(presented), now);
                Optional<ReasonCode> model = judge(m, expected, presented, now);
                agree(got.map(Rejection::reason).equals(model), i, what, () ->
                        "store " + got.map(Rejection::toString).orElse("accepted") + ", model " + model.map(Enum::name).orElse("accepted"));
                if (got.isEmpty()) {
                    String once = Arrays.toString(expected.toBytes()) + "#" + m.generation.get(expected);
                    agree(m.accepted.add(once), i, "token accepted twice", () -> "generation " + once + " was accepted before");
                    coverage.label("consume accepted");
                    if (m.tokens.containsKey(expected)) {
                        throw new AssertionError("model kept a consumed token");
                    }
                } else {
                    coverage.label("consume " + got.get().reason());
                    if (atTtl && got.get().reason() == ReasonCode.TOKEN_EXPIRED) {
                        coverage.label("consume expired exactly at the TTL");
                    }
                    if (got.get().reason() == ReasonCode.TOKEN_NOT_PENDING && c.presented() == Presented.RIGHT
                            && m.accepted.stream().anyMatch(a -> a.startsWith(Arrays.toString(expected.toBytes()) + "#"))) {
                        coverage.label("consume replay refused");
                    }
                }
            } else if (op instanceof Op.Revoke r) {
                Token t = s.pool().get(r.token());
                boolean got = store.revoke(t);
                boolean model = m.tokens.remove(t) != null;
                agree(got == model, i, what, () -> "store " + got + ", model " + model);
                if (got) {
                    coverage.label("revoke removed");
                }
            } else if (op instanceof Op.Prune) {
                int got = store.prune(now);
                int model = m.prune(now);
                agree(got == model, i, what, () -> "store pruned " + got + ", model " + model);
                if (got > 0) {
                    coverage.label("prune removed");
                }
            } else if (op instanceof Op.Advance a) {
                advance(a, clock, m, s.pool().get(a.token()), coverage);
            } else if (op instanceof Op.AckRegister r) {
                Token t = s.pool().get(r.token());
                PendingAck entry = registry.register(t, BACKEND, now);
                m.acks.put(t, now + m.ackDeadline);
                agree(entry.deadlineNanos() == now + m.ackDeadline && entry.token().equals(t), i, what, () ->
                        "REG-1: deadline " + entry.deadlineNanos() + ", expected " + (now + m.ackDeadline));
            } else if (op instanceof Op.Acknowledge a) {
                Token t = s.pool().get(a.token());
                Acknowledgement got = registry.acknowledge(t, now);
                Long deadline = m.acks.remove(t);
                String model;
                if (deadline == null) {
                    model = "NotPending";
                } else {
                    m.tokens.remove(t);
                    model = Model.reached(now, deadline) ? "Late" : "Acknowledged";
                    if (now == deadline) {
                        coverage.label("acknowledge exactly at the deadline");
                    }
                }
                agree(got.getClass().getSimpleName().equals(model), i, what, () -> "registry " + got + ", model " + model);
                if (got instanceof Acknowledgement.Late late) {
                    agree(late.observedAtNanos() == now && late.rejection().reason() == ReasonCode.LATE, i, what, () ->
                            "REG-4: " + late + " / " + late.rejection());
                }
                if (got instanceof Acknowledgement.Acknowledged) {
                    acknowledgedOnce.add(t);
                }
                if (got instanceof Acknowledgement.NotPending && acknowledgedOnce.contains(t)) {
                    coverage.label("acknowledge twice");
                }
                coverage.label("acknowledge " + got.getClass().getSimpleName());
            } else if (op instanceof Op.Abandon a) {
                Token t = s.pool().get(a.token());
                boolean got = registry.abandon(t);
                boolean model = m.acks.remove(t) != null;
                m.tokens.remove(t);
                agree(got == model, i, what, () -> "registry " + got + ", model " + model);
                if (!got) {
                    coverage.label("abandon without entry");
                }
            } else if (op instanceof Op.ExpireOverdue) {
                Set<Token> got = registry.expireOverdue(now).stream().map(PendingAck::token).collect(Collectors.toSet());
                Set<Token> model = m.acks.entrySet().stream().filter(x -> Model.reached(now, x.getValue()))
                        .map(Map.Entry::getKey).collect(Collectors.toSet());
                model.forEach(t -> {
                    m.acks.remove(t);
                    m.tokens.remove(t);
                });
                agree(got.equals(model), i, what, () -> "registry expired " + indexes(got, s) + ", model " + indexes(model, s));
                if (!got.isEmpty()) {
                    coverage.label("expire returned");
                }
            }
            // after every step: the same pending tokens and the same pending ACK entries
            agree(store.pendingCount() == m.tokens.size(), i, what + ": pending tokens", () ->
                    "store has " + store.pendingCount() + " pending, model " + m.tokens.size());
            for (Token t : s.pool()) {
                agree(store.isPending(t) == m.tokens.containsKey(t), i, what + ": pending token", () ->
                        "token " + s.pool().indexOf(t) + ": store " + store.isPending(t) + ", model " + m.tokens.containsKey(t));
            }
            agree(registry.pendingCount() == m.acks.size(), i, what + ": pending ACK entries", () ->
                    "registry has " + registry.pendingCount() + ", model " + m.acks.size());
        }
    }

    private static void advance(Op.Advance a, ManualClock clock, Model m, Token t, Coverage coverage) {
        long now = clock.nanos();
        long by = switch (a.jump()) {
            case BY -> a.by();
            case TO_EXPIRY, PAST_EXPIRY -> Optional.ofNullable(m.tokens.get(t)).map(e -> e - now).orElse(a.by());
            case TO_DEADLINE, PAST_DEADLINE -> Optional.ofNullable(m.acks.get(t)).map(d -> d - now).orElse(a.by());
        };
        if (by < 0) {
            by = 0; // already past it: time does not go back
        }
        boolean past = a.jump() == Jump.PAST_EXPIRY || a.jump() == Jump.PAST_DEADLINE;
        clock.advanceNanos(by + (past ? 1 : 0));
        if (m.tokens.containsKey(t) && (a.jump() == Jump.TO_EXPIRY || a.jump() == Jump.PAST_EXPIRY)) {
            long delta = clock.nanos() - m.tokens.get(t);
            if (delta == 0) {
                coverage.label("clock at the TTL");
            } else if (delta == 1) {
                coverage.label("clock just after the TTL");
            }
        }
    }

    /** TOKEN-2..5 and OFFER-4/5, in the spec's order: shape, pending, expiry, bytes. */
    private static Optional<ReasonCode> judge(Model m, Token expected, byte[] presented, long now) {
        if (presented.length == 0) {
            return Optional.of(ReasonCode.TOKEN_MISSING);
        }
        if (presented.length != Token.LENGTH) {
            return Optional.of(ReasonCode.TOKEN_LENGTH);
        }
        Long expiry = m.tokens.get(expected);
        if (expiry == null) {
            return Optional.of(ReasonCode.TOKEN_NOT_PENDING);
        }
        if (Model.reached(now, expiry)) {
            m.tokens.remove(expected);
            return Optional.of(ReasonCode.TOKEN_EXPIRED);
        }
        if (!Arrays.equals(expected.toBytes(), presented)) {
            return Optional.of(ReasonCode.TOKEN_MISMATCH);
        }
        m.tokens.remove(expected);
        return Optional.empty();
    }

    private static byte[] presented(Op.Consume c, Token expected, List<Token> pool) {
        byte[] right = expected.toBytes();
        return switch (c.presented()) {
            case RIGHT -> right;
            case OTHER_POOL_TOKEN -> pool.get(c.other()).toBytes();
            case ONE_BIT_OFF -> {
                right[c.length() % Token.LENGTH] ^= 1;
                yield right;
            }
            case EMPTY -> new byte[0];
            case SHORT -> Arrays.copyOf(right, 1 + c.length() % (Token.LENGTH - 1));
            case LONG -> Arrays.copyOf(right, Token.LENGTH + 1 + c.length());
        };
    }

    private static String describe(Issuance i, Scenario s) {
        if (i instanceof Issuance.Issued issued) {
            return "Issued(" + s.pool().indexOf(issued.token()) + ")";
        }
        if (i instanceof Issuance.Full full) {
            return "Full(" + full.pending() + ")";
        }
        return "Collided(" + ((Issuance.Collided) i).attempts() + ")";
    }

    private static String indexes(Set<Token> tokens, Scenario s) {
        return tokens.stream().map(s.pool()::indexOf).sorted().map(String::valueOf).collect(Collectors.joining(",", "{", "}"));
    }

    /** The message is built only on a failure: the fuzz target runs this millions of times. */
    private static void agree(boolean ok, int step, String what, Supplier<String> message) {
        if (!ok) {
            PropertyAssertionError.check(false, what + " disagrees with the model", "step " + step + " (" + what + "): " + message.get());
        }
    }
}
