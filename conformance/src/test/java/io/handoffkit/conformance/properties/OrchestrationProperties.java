package io.handoffkit.conformance.properties;

import static io.handoffkit.conformance.properties.Suite.check;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import io.handoffkit.ack.AckRegistry;
import io.handoffkit.ack.BackendIdentity;
import io.handoffkit.broker.AckReceived;
import io.handoffkit.broker.DuplicateResult;
import io.handoffkit.broker.FailureRateLimit;
import io.handoffkit.broker.Fallback;
import io.handoffkit.broker.FallbackPolicy;
import io.handoffkit.broker.FallbackReason;
import io.handoffkit.broker.HandoffOutcome;
import io.handoffkit.broker.HandoffRequest;
import io.handoffkit.broker.HandoffStage;
import io.handoffkit.broker.SendResult;
import io.handoffkit.broker.UnixHandoffOrchestrator;
import io.handoffkit.broker.UnixHandoffTransport;
import io.handoffkit.broker.Unrecoverable;
import io.handoffkit.broker.WindowsHandoffOrchestrator;
import io.handoffkit.broker.WindowsHandoffTransport;
import io.handoffkit.conformance.Proves;
import io.handoffkit.conformance.property.Coverage;
import io.handoffkit.conformance.property.Property;
import io.handoffkit.conformance.property.PropertyAssertionError;
import io.handoffkit.conformance.property.gen.Values;
import io.handoffkit.profile.Profile;
import io.handoffkit.proto.v1.FrameKind;
import io.handoffkit.proto.v1.HandoffAck;
import io.handoffkit.proto.v1.HandoffOffer;
import io.handoffkit.time.ManualClock;
import io.handoffkit.token.Token;
import io.handoffkit.token.TokenStore;
import io.handoffkit.token.TokenStoreLimits;
import io.handoffkit.wire.HandoffFrames;
import io.handoffkit.wire.ReasonCode;
import io.handoffkit.wire.Rejection;
import io.handoffkit.wire.Verdict;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Orchestration under failure injection: a broker (one token store, one ACK
 * registry, one fallback policy, a manual clock) runs a sequence of Unix and
 * Windows handoffs through fake transports that fail at a random stage in a
 * random way (error result, I/O error, unchecked exception, null, late or
 * mismatched ACK, a sweep that expires the entry meanwhile).
 */
@DisplayName("Orchestration (ORCH, POLICY, ACK-8, RELAY-6)")
class OrchestrationProperties {

    enum Platform { UNIX, WINDOWS }

    enum Send { SENT, FAILED, INDETERMINATE, THROWS, NULL }

    enum Duplicate { DUPLICATED, FAILED, PERMISSION_DENIED, THROWS, NULL }

    enum Write { OK, IO_ERROR, THROWS }

    enum Await { ACCEPT_NOW, ACCEPT_AT_DEADLINE, ACCEPT_AFTER_DEADLINE, BAD_ACK, LATE, IO_AT_DEADLINE, THROWS, NULL, SWEPT_MEANWHILE }

    /** {@code deliveryNanos}: how long the send and the offer write take, which moves the wire deadline past the registry's. */
    record Handoff(Platform platform, HandoffRequest request, Send send, Duplicate duplicate, long handleValue, Write write,
                   long deliveryNanos, Await await, ReasonCode badAck, long advanceBefore) {}

    record Broker(int maxFailures, Duration window, Duration ackDeadline, long start, long tokenSeed, List<Handoff> handoffs) {
        String describe() {
            StringBuilder b = new StringBuilder("maxFailures=" + maxFailures + " window=" + window.toNanos() + "ns ackDeadline="
                    + ackDeadline.toNanos() + "ns start=" + start);
            for (int i = 0; i < handoffs.size(); i++) {
                b.append("\n  ").append(i).append(": ").append(handoffs.get(i));
            }
            return b.toString();
        }
    }

    private static final List<ReasonCode> BAD_ACKS = List.of(ReasonCode.TOKEN_ECHO, ReasonCode.REFUSED, ReasonCode.ACK_CORRELATION,
            ReasonCode.ACK_FRAME_CORRELATION, ReasonCode.FRAME_UNDECODABLE, ReasonCode.KIND, ReasonCode.TRUNCATED_BODY, ReasonCode.IO);

    @Test
    @DisplayName("ORCH-1..5 after every fallback nothing is pending, the stage and what could not be undone are recorded, nothing is thrown; only a timely accepted ACK completes")
    @Proves({"ORCH-1", "ORCH-2", "ORCH-3", "ORCH-4", "ORCH-5", "ACK-8", "RELAY-6", "POLICY-1", "POLICY-2", "REG-1"})
    void failureInjection() {
        check(Property.forAll("orchestration under failure injection", OrchestrationProperties::broker)
                .describedBy(Broker::describe)
                .requireLabels("completed", "ADMIT CLIENT_NO_HANDLE_PASSING", "ADMIT SERVICE_POLICY_DISABLED", "ADMIT RATE_LIMITED",
                        "SEND SEND_FAILED", "SEND UNEXPECTED_EXCEPTION", "DUPLICATE PERMISSION_DENIED", "DUPLICATE DUPLICATE_FAILED",
                        "DUPLICATE UNEXPECTED_EXCEPTION", "DELIVER DELIVERY_FAILED", "DELIVER UNEXPECTED_EXCEPTION",
                        "AWAIT_ACK ACK_NOT_OBSERVED", "AWAIT_ACK BACKEND_ACK_TIMEOUT", "AWAIT_ACK UNEXPECTED_EXCEPTION",
                        "ACKNOWLEDGE BACKEND_ACK_TIMEOUT", "ACKNOWLEDGE ACK_NOT_PENDING", "indeterminate send", "late at ACKNOWLEDGE exactly at the deadline",
                        "late at ACKNOWLEDGE between the two deadlines", "relay after an ACK with a detail")
                .check(OrchestrationProperties::run));
    }

    @Test
    @DisplayName("ORCH-4 / ORCH-6 a descriptor send of 0 < n < 16 bytes falls back at SEND: in 4.6.2 recording that the descriptor may have reached the backend, in 4.5.5 as an ordinary failed send; 16 bytes is a send, 0 a failed send in both")
    @Proves({"ORCH-4", "ORCH-6", "ORCH-2"})
    void shortSendsByProfile() {
        check(Property.forAll("short sends by profile", data -> new ShortSend(data.pickValue(Profile.values()), data.consumeInt(0, Token.LENGTH),
                        Values.u64(data, "correlation_id", l -> { })))
                .requireLabels("4.5.5 short", "4.6.2 short", "4.5.5 nothing", "4.6.2 nothing", "4.5.5 whole", "4.6.2 whole")
                .check((s, coverage) -> {
                    String how = s.sent() == Token.LENGTH ? "whole" : s.sent() == 0 ? "nothing" : "short";
                    coverage.label(s.profile().id() + " " + how);
                    SendResult result = SendResult.ofCount(s.sent(), Token.LENGTH, s.profile());
                    TokenStore tokens = new TokenStore();
                    AckRegistry acks = new AckRegistry(tokens);
                    UnixHandoffOrchestrator unix = new UnixHandoffOrchestrator(tokens, acks, new FallbackPolicy(), new ManualClock(0));
                    FakeTransport transport = new FakeTransport(new Handoff(Platform.UNIX, new HandoffRequest("svc", 1, s.correlationId(), true),
                            Send.SENT, Duplicate.DUPLICATED, 1, Write.OK, 0, Await.ACCEPT_NOW, ReasonCode.IO, 0), new ManualClock(0), acks) {
                        @Override
                        public SendResult sendDescriptor(Token token) {
                            super.sendDescriptor(token);
                            return result;
                        }
                    };
                    HandoffOutcome outcome = unix.handOff(new HandoffRequest("svc", 1, s.correlationId(), true), transport);
                    if (how.equals("whole")) {
                        PropertyAssertionError.check(outcome instanceof HandoffOutcome.Completed, "ORCH-1: a whole send", outcome.toString());
                        return;
                    }
                    Fallback f = ((HandoffOutcome.FellBack) outcome).fallback();
                    boolean mayHaveReached = how.equals("short") && s.profile() == Profile.V4_6_2;
                    PropertyAssertionError.check(f.stage() == HandoffStage.SEND && f.reason() == FallbackReason.SEND_FAILED
                                    && f.unrecoverable().equals(mayHaveReached ? new Unrecoverable.DescriptorMayHaveReachedBackend()
                                            : new Unrecoverable.Nothing()),
                            "ORCH-4/6: short send", s + " fell back as " + f);
                    PropertyAssertionError.check(transport.calls.equals(List.of("send")), "ORCH-1: nothing after a failed send",
                            "calls " + transport.calls);
                    PropertyAssertionError.check(tokens.pendingCount() == 0 && acks.pendingCount() == 0, "ORCH-3: left pending", f.toString());
                }));
    }

    record ShortSend(Profile profile, int sent, long correlationId) {}

    static Broker broker(FuzzedDataProvider data) {
        int maxFailures = data.pickValue(new int[] {1, 2, 8});
        Duration window = Duration.ofNanos(data.pickValue(new long[] {1_000, 30_000_000_000L}));
        Duration ackDeadline = Duration.ofNanos(data.pickValue(new long[] {0, 1_000, 5_000_000_000L}));
        long start = data.consumeBoolean() ? data.consumeLong() : Long.MAX_VALUE - data.consumeLong(0, 10_000_000_000L);
        long tokenSeed = data.consumeLong();
        int n = data.consumeInt(1, 12);
        List<Handoff> handoffs = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Platform platform = data.pickValue(Platform.values());
            String service = data.consumeInt(0, 7) == 0 ? "disabled" : "svc";
            HandoffRequest request = new HandoffRequest(service, data.consumeInt(1, 2), Values.u64(data, "correlation_id", l -> { }),
                    data.consumeInt(0, 7) != 0);
            // one failure per handoff at most, at a random stage; a clean run a quarter of the time
            Send send = Send.SENT;
            Duplicate duplicate = Duplicate.DUPLICATED;
            Write write = Write.OK;
            Await await = Await.ACCEPT_NOW;
            switch (data.consumeInt(0, 3)) {
                case 0 -> { }
                case 1 -> {
                    send = data.pickValue(Send.values());
                    duplicate = data.pickValue(Duplicate.values());
                }
                case 2 -> write = data.pickValue(Write.values());
                default -> await = data.pickValue(Await.values());
            }
            long handle = data.consumeLong(1, 0xFFFF_FFFFL);
            // below the smallest ACK deadline (1 us), so an immediate ACK stays on time
            long delivery = data.pickValue(new long[] {0, 1, 999});
            handoffs.add(new Handoff(platform, request, send, duplicate, handle, write, delivery, await, data.pickValue(BAD_ACKS),
                    data.pickValue(new long[] {0, 1, 500, 60_000_000_000L})));
        }
        return new Broker(maxFailures, window, ackDeadline, start, tokenSeed, handoffs);
    }

    /** The transport's side of one handoff: scripted failures, every call logged. */
    static class FakeTransport implements UnixHandoffTransport, WindowsHandoffTransport {
        final Handoff plan;
        final ManualClock clock;
        final AckRegistry registry;
        final List<String> calls = new ArrayList<>();
        Optional<Token> sentToken = Optional.empty();
        Optional<HandoffOffer> offer = Optional.empty();
        Optional<Long> awaitedDeadline = Optional.empty();
        Optional<Rejection> rejected = Optional.empty();
        Optional<HandoffAck> ackSent = Optional.empty();

        FakeTransport(Handoff plan, ManualClock clock, AckRegistry registry) {
            this.plan = plan;
            this.clock = clock;
            this.registry = registry;
        }

        @Override
        public SendResult sendDescriptor(Token token) {
            calls.add("send");
            sentToken = Optional.of(token);
            return switch (plan.send()) {
                case SENT -> new SendResult.Sent();
                case FAILED -> new SendResult.Failed("EPIPE (injected)");
                case INDETERMINATE -> new SendResult.Indeterminate("sent 7 of 16 bytes (injected)");
                case THROWS -> throw new IllegalStateException("send blew up (injected)");
                case NULL -> null;
            };
        }

        @Override
        public DuplicateResult duplicateIntoBackend(long backendPid) {
            calls.add("duplicate");
            return switch (plan.duplicate()) {
                case DUPLICATED -> new DuplicateResult.Duplicated(plan.handleValue());
                case FAILED -> new DuplicateResult.Failed("ERROR_INVALID_HANDLE (injected)", false);
                case PERMISSION_DENIED -> new DuplicateResult.Failed("ERROR_ACCESS_DENIED (injected)", true);
                case THROWS -> throw new IllegalStateException("duplicate blew up (injected)");
                case NULL -> null;
            };
        }

        @Override
        public void writeOffer(HandoffOffer o) throws IOException {
            calls.add("writeOffer");
            offer = Optional.of(o);
            switch (plan.write()) {
                case OK -> clock.advanceNanos(plan.deliveryNanos());
                case IO_ERROR -> throw new IOException("broken pipe (injected)");
                case THROWS -> throw new IllegalStateException("write blew up (injected)");
            }
        }

        @Override
        public Verdict<AckReceived> awaitAck(Token token, long correlationId, long deadline) {
            calls.add("awaitAck");
            awaitedDeadline = Optional.of(deadline);
            return switch (plan.await()) {
                case ACCEPT_NOW -> accepted(token, correlationId, clock.nanos());
                case ACCEPT_AT_DEADLINE -> {
                    clock.advanceNanos(Math.max(0, deadline - clock.nanos()));
                    yield accepted(token, correlationId, deadline);
                }
                case ACCEPT_AFTER_DEADLINE -> {
                    // a lax channel: it hands over an ACK it observed too late; the registry must catch it
                    clock.advanceNanos(Math.max(0, deadline - clock.nanos()) + 1);
                    yield accepted(token, correlationId, clock.nanos());
                }
                case BAD_ACK -> reject(new Rejection(plan.badAck(), "ACK-x", "bad ACK (injected)"));
                case LATE -> {
                    clock.advanceNanos(Math.max(0, deadline - clock.nanos()) + 1);
                    yield reject(new Rejection(ReasonCode.LATE, "ACK-6", "backend HandoffAck arrived after the ACK deadline"));
                }
                case IO_AT_DEADLINE -> {
                    clock.advanceNanos(Math.max(0, deadline - clock.nanos()));
                    yield reject(new Rejection(ReasonCode.IO, "FRAME-7", "I/O error: read deadline passed (injected)"));
                }
                case THROWS -> throw new IllegalStateException("await blew up (injected)");
                case NULL -> null;
                case SWEPT_MEANWHILE -> {
                    // a deadline sweeper ran while the ACK was in flight; the ACK itself is on time
                    registry.expireOverdue(deadline + 1);
                    yield accepted(token, correlationId, clock.nanos());
                }
            };
        }

        private Verdict<AckReceived> accepted(Token token, long correlationId, long observedAt) {
            // an accepted ACK may carry a detail: the broker's relay must not pass it on (FRAMES-3)
            String detail = plan.handleValue() % 2 == 0 ? "" : "adopted (injected detail)";
            HandoffAck ack = HandoffAck.newBuilder().setToken(token.toByteString()).setAccepted(true).setErrorDetail(detail)
                    .setCorrelationId(correlationId).build();
            ackSent = Optional.of(ack);
            return Verdict.accept(new AckReceived(HandoffFrames.ack(ack), ack, observedAt));
        }

        private Verdict<AckReceived> reject(Rejection r) {
            rejected = Optional.of(r);
            return Verdict.reject(r);
        }
    }

    private static void run(Broker b, Coverage coverage) {
        ManualClock clock = new ManualClock(b.start());
        SplittableRandom random = new SplittableRandom(b.tokenSeed());
        int[] drawn = {0};
        TokenStore tokens = new TokenStore(TokenStoreLimits.defaults(), () -> {
            drawn[0]++;
            byte[] t = new byte[Token.LENGTH];
            random.nextBytes(t);
            return Token.of(t).orElseThrow();
        });
        AckRegistry acks = new AckRegistry(tokens, b.ackDeadline());
        FallbackPolicy policy = new FallbackPolicy(new FailureRateLimit(b.maxFailures(), b.window()));
        policy.disable("disabled");
        UnixHandoffOrchestrator unix = new UnixHandoffOrchestrator(tokens, acks, policy, clock);
        WindowsHandoffOrchestrator windows = new WindowsHandoffOrchestrator(tokens, acks, policy, clock);
        long ackDeadline = acks.limits().ackDeadline().toNanos();
        // the model of POLICY-2: failure instants per backend
        Map<BackendIdentity, Deque<Long>> failures = new HashMap<>();

        for (int i = 0; i < b.handoffs().size(); i++) {
            Handoff h = b.handoffs().get(i);
            clock.advanceNanos(h.advanceBefore());
            long now = clock.nanos();
            FakeTransport transport = new FakeTransport(h, clock, acks);
            int drawnBefore = drawn[0];
            HandoffOutcome outcome;
            try {
                outcome = h.platform() == Platform.UNIX ? unix.handOff(h.request(), transport) : windows.handOff(h.request(), transport);
            } catch (RuntimeException e) {
                throw new PropertyAssertionError("ORCH-5: handOff threw", "handoff " + i + " threw " + e);
            }
            ok(outcome != null, i, "ORCH-5: no outcome", "handOff returned null");
            // ORCH-3 / ACK-8: whatever happened, nothing of this handoff is left pending
            ok(tokens.pendingCount() == 0, i, "ORCH-3: token left pending", tokens.pendingCount() + " tokens pending");
            ok(acks.pendingCount() == 0, i, "ORCH-3: ACK entry left pending", acks.pendingCount() + " ACK entries pending");

            Expected e = expected(h, b, failures, now, transport);
            String label;
            if (outcome instanceof HandoffOutcome.Completed done) {
                ok(e.completes(), i, "completed although it must fall back", "expected " + e + ", got " + outcome);
                // FRAMES-3: the relay is the broker's own ACK (negotiated token, accepted, no detail, the connection id)
                HandoffAck relayed = HandoffAck.newBuilder().setToken(transport.offer.orElseThrow().getToken()).setAccepted(true)
                        .setCorrelationId(h.request().correlationId()).build();
                ok(done.readyRelay().getKind() == FrameKind.FRAME_KIND_EVENT
                                && done.readyRelay().getPayload().equals(relayed.toByteString())
                                && done.readyRelay().getRequestId() == h.request().correlationId(),
                        i, "FRAMES-3: relay is not the broker's canonical ACK", done.readyRelay().toString());
                label = "completed";
                if (!transport.ackSent.orElseThrow().getErrorDetail().isEmpty()) {
                    coverage.label("relay after an ACK with a detail");
                }
            } else {
                Fallback f = ((HandoffOutcome.FellBack) outcome).fallback();
                ok(!e.completes(), i, "fell back although the handoff must complete", "expected completion, got " + f);
                ok(f.stage() == e.stage(), i, "ORCH-1/2: stage", "expected stage " + e.stage() + ", got " + f);
                ok(f.reason() == e.reason(), i, "ORCH-2: reason", "expected reason " + e.reason() + ", got " + f);
                ok(f.unrecoverable().equals(e.unrecoverable()), i, "ORCH-2/4: what could not be undone",
                        "expected " + e.unrecoverable() + ", got " + f.unrecoverable());
                ok(!f.detail().isEmpty(), i, "ORCH-2: detail", "empty detail in " + f);
                if (transport.rejected.isPresent()) {
                    ok(f.rejection().equals(transport.rejected), i, "ACK-8: rejection not recorded", f.toString());
                }
                label = f.stage() + " " + f.reason();
                if (f.stage() != HandoffStage.ADMIT) {
                    failures.computeIfAbsent(h.request().backend(), k -> new ArrayDeque<>()).addLast(clock.nanos());
                }
            }
            coverage.label(label);
            if (h.await() == Await.ACCEPT_AT_DEADLINE && !e.completes() && e.stage() == HandoffStage.ACKNOWLEDGE) {
                coverage.label(h.deliveryNanos() == 0 ? "late at ACKNOWLEDGE exactly at the deadline"
                        : "late at ACKNOWLEDGE between the two deadlines");
            }
            if (h.platform() == Platform.UNIX && h.send() == Send.INDETERMINATE && e.stage() == HandoffStage.SEND) {
                coverage.label("indeterminate send");
            }
            // POLICY-1: an admission fallback issues no token and touches no transport
            if (e.stage() == HandoffStage.ADMIT && !e.completes()) {
                ok(drawn[0] == drawnBefore && transport.calls.isEmpty(), i, "POLICY-1: work before admission",
                        "tokens drawn " + (drawn[0] - drawnBefore) + ", transport calls " + transport.calls);
                continue;
            }
            // ORCH-1: the platform's stages in order, stopping at the failure
            ok(transport.calls.equals(e.calls()), i, "ORCH-1: calls", "expected " + e.calls() + ", got " + transport.calls);
            if (transport.offer.isPresent()) {
                HandoffOffer o = transport.offer.get();
                ok(o.getCorrelationId() == h.request().correlationId()
                                && o.getServiceName().equals(h.request().service())
                                && o.getToken().size() == Token.LENGTH
                                && transport.sentToken.map(t -> t.toByteString().equals(o.getToken())).orElse(true)
                                && o.getHandleValue() == (h.platform() == Platform.WINDOWS ? h.handleValue() : 0),
                        i, "ORCH-1: offer", "offer " + o);
            }
            if (transport.awaitedDeadline.isPresent()) {
                // the wire check's deadline counts from the end of the delivery (ACK-6), the registry's from registration (REG-1)
                long d = transport.awaitedDeadline.get();
                long wire = now + h.deliveryNanos() + ackDeadline;
                ok(d == wire, i, "ACK-6: ACK wait deadline", "awaited until " + d + ", expected " + wire);
            }
        }
    }

    record Expected(boolean completes, HandoffStage stage, FallbackReason reason, Unrecoverable unrecoverable, List<String> calls) {}

    /** What the spec (and the reference's documented reasons) say this handoff must end in. */
    private static Expected expected(Handoff h, Broker b, Map<BackendIdentity, Deque<Long>> failures, long now, FakeTransport t) {
        HandoffRequest r = h.request();
        if (!r.clientAdvertisedHandlePassing()) {
            return admission(FallbackReason.CLIENT_NO_HANDLE_PASSING);
        }
        if (r.service().equals("disabled")) {
            return admission(FallbackReason.SERVICE_POLICY_DISABLED);
        }
        Deque<Long> recent = failures.getOrDefault(r.backend(), new ArrayDeque<>());
        recent.removeIf(at -> now - at >= b.window().toNanos());
        if (recent.size() >= b.maxFailures()) {
            return admission(FallbackReason.RATE_LIMITED);
        }
        List<String> calls = new ArrayList<>();
        Unrecoverable exposure = new Unrecoverable.Nothing();
        if (h.platform() == Platform.UNIX) {
            calls.add("send");
            switch (h.send()) {
                case FAILED -> {
                    return fallback(HandoffStage.SEND, FallbackReason.SEND_FAILED, exposure, calls);
                }
                case INDETERMINATE, THROWS, NULL -> {
                    return fallback(HandoffStage.SEND, FallbackReason.SEND_FAILED, new Unrecoverable.DescriptorMayHaveReachedBackend(), calls);
                }
                case SENT -> exposure = new Unrecoverable.DescriptorMayHaveReachedBackend();
            }
        } else {
            calls.add("duplicate");
            switch (h.duplicate()) {
                case FAILED -> {
                    return fallback(HandoffStage.DUPLICATE, FallbackReason.DUPLICATE_FAILED, exposure, calls);
                }
                case PERMISSION_DENIED -> {
                    return fallback(HandoffStage.DUPLICATE, FallbackReason.PERMISSION_DENIED, exposure, calls);
                }
                case THROWS, NULL -> {
                    return fallback(HandoffStage.DUPLICATE, FallbackReason.UNEXPECTED_EXCEPTION, exposure, calls);
                }
                case DUPLICATED -> exposure = new Unrecoverable.HandleLeakedInBackend(h.handleValue());
            }
        }
        HandoffStage delivery = h.platform() == Platform.UNIX ? HandoffStage.SEND : HandoffStage.DELIVER;
        calls.add("writeOffer");
        if (h.write() == Write.IO_ERROR) {
            return fallback(delivery, h.platform() == Platform.UNIX ? FallbackReason.SEND_FAILED : FallbackReason.DELIVERY_FAILED, exposure, calls);
        }
        if (h.write() == Write.THROWS) {
            return fallback(delivery, FallbackReason.UNEXPECTED_EXCEPTION, exposure, calls);
        }
        calls.add("awaitAck");
        return switch (h.await()) {
            case ACCEPT_NOW -> new Expected(true, HandoffStage.ACKNOWLEDGE, null, exposure, calls);
            // on time for the wire check (ACK-6) but at or past the registry's earlier deadline (REG-4)
            case ACCEPT_AT_DEADLINE, ACCEPT_AFTER_DEADLINE ->
                    fallback(HandoffStage.ACKNOWLEDGE, FallbackReason.BACKEND_ACK_TIMEOUT, exposure, calls);
            case SWEPT_MEANWHILE -> fallback(HandoffStage.ACKNOWLEDGE, FallbackReason.ACK_NOT_PENDING, exposure, calls);
            case LATE, IO_AT_DEADLINE -> fallback(HandoffStage.AWAIT_ACK, FallbackReason.BACKEND_ACK_TIMEOUT, exposure, calls);
            case BAD_ACK -> fallback(HandoffStage.AWAIT_ACK, FallbackReason.ACK_NOT_OBSERVED, exposure, calls);
            case THROWS, NULL -> fallback(HandoffStage.AWAIT_ACK, FallbackReason.UNEXPECTED_EXCEPTION, exposure, calls);
        };
    }

    private static Expected admission(FallbackReason reason) {
        return new Expected(false, HandoffStage.ADMIT, reason, new Unrecoverable.Nothing(), List.of());
    }

    private static Expected fallback(HandoffStage stage, FallbackReason reason, Unrecoverable exposure, List<String> calls) {
        return new Expected(false, stage, reason, exposure, calls);
    }

    private static void ok(boolean condition, int handoff, String signature, String message) {
        PropertyAssertionError.check(condition, signature, "handoff " + handoff + ": " + message);
    }
}
