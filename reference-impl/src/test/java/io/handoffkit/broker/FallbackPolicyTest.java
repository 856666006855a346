package io.handoffkit.broker;

import static io.handoffkit.broker.BrokerFixture.BACKEND_PID;
import static io.handoffkit.broker.BrokerFixture.CORRELATION_ID;
import static io.handoffkit.broker.BrokerFixture.SERVICE;
import static io.handoffkit.broker.BrokerFixture.START;
import static io.handoffkit.broker.BrokerFixture.fellBack;
import static io.handoffkit.broker.BrokerFixture.request;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.handoffkit.ack.BackendIdentity;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** SPEC §8, fallback policy: POLICY-1 preconditions, POLICY-2 per-backend failure rate limit. */
class FallbackPolicyTest {

    private static final long SECOND = Duration.ofSeconds(1).toNanos();
    private static final long WINDOW = Duration.ofSeconds(30).toNanos();
    private static final BackendIdentity BACKEND = new BackendIdentity(SERVICE, BACKEND_PID);

    private final FallbackPolicy policy = new FallbackPolicy();

    private static HandoffRequest withoutHandlePassing() {
        return new HandoffRequest(SERVICE, BACKEND_PID, CORRELATION_ID, false);
    }

    private void fail(int times, long at) {
        for (int i = 0; i < times; i++) {
            policy.recordFailure(BACKEND, at);
        }
    }

    private Optional<FallbackReason> verdictAt(HandoffRequest request, long now) {
        return policy.admit(request, now).map(Fallback::reason);
    }

    @Test
    @DisplayName("POLICY-1 a client without the handle-passing bit falls back at ADMIT before a token is issued (Unix)")
    void noCapabilityUnix() {
        BrokerFixture broker = new BrokerFixture();
        FakeUnixTransport transport = new FakeUnixTransport(broker.clock);

        Fallback fallback = fellBack(broker.unix.handOff(withoutHandlePassing(), transport));

        assertEquals(new Fallback(HandoffStage.ADMIT, FallbackReason.CLIENT_NO_HANDLE_PASSING,
                "client did not advertise handle passing (capability bit 0)", new Unrecoverable.Nothing(),
                Optional.empty()), fallback);
        assertEquals(0, broker.tokensDrawn.get(), "no token drawn");
        assertEquals(List.of(), transport.calls);
        broker.assertNothingPending();
    }

    @Test
    @DisplayName("POLICY-1 a client without the handle-passing bit falls back at ADMIT before a token is issued (Windows)")
    void noCapabilityWindows() {
        BrokerFixture broker = new BrokerFixture();
        FakeWindowsTransport transport = new FakeWindowsTransport(broker.clock);

        Fallback fallback = fellBack(broker.windows.handOff(withoutHandlePassing(), transport));

        assertEquals(FallbackReason.CLIENT_NO_HANDLE_PASSING, fallback.reason());
        assertEquals(0, broker.tokensDrawn.get());
        assertEquals(List.of(), transport.calls);
    }

    @Test
    @DisplayName("POLICY-1 a service with handoff disabled falls back at ADMIT before a token is issued")
    void serviceDisabled() {
        BrokerFixture broker = new BrokerFixture();
        FakeUnixTransport transport = new FakeUnixTransport(broker.clock);
        broker.policy.disable(SERVICE);

        Fallback fallback = fellBack(broker.unix.handOff(request(), transport));

        assertEquals(new Fallback(HandoffStage.ADMIT, FallbackReason.SERVICE_POLICY_DISABLED,
                "handoff is disabled for service 'svc'", new Unrecoverable.Nothing(), Optional.empty()), fallback);
        assertEquals(0, broker.tokensDrawn.get());
        assertEquals(List.of(), transport.calls);
    }

    @Test
    @DisplayName("POLICY-1 disabling one service leaves the others admitted, and enabling it admits it again")
    void disableIsPerServiceAndReversible() {
        policy.disable(SERVICE);
        HandoffRequest other = new HandoffRequest("other", BACKEND_PID, CORRELATION_ID, true);

        assertEquals(Optional.of(FallbackReason.SERVICE_POLICY_DISABLED), verdictAt(request(), START));
        assertEquals(Optional.empty(), verdictAt(other, START));

        policy.enable(SERVICE);

        assertEquals(Optional.empty(), verdictAt(request(), START));
    }

    @Test
    @DisplayName("POLICY-1 preconditions are judged in order: capability, then service policy, then rate limit")
    void preconditionOrder() {
        policy.disable(SERVICE);
        fail(FailureRateLimit.DEFAULT_MAX_FAILURES, START);

        assertEquals(Optional.of(FallbackReason.CLIENT_NO_HANDLE_PASSING), verdictAt(withoutHandlePassing(), START));
        assertEquals(Optional.of(FallbackReason.SERVICE_POLICY_DISABLED), verdictAt(request(), START));
        policy.enable(SERVICE);
        assertEquals(Optional.of(FallbackReason.RATE_LIMITED), verdictAt(request(), START));
    }

    @Test
    @DisplayName("POLICY-2 by default 7 recent failures are tolerated and the 8th makes the backend rate limited")
    void defaultLimitIsEightFailures() {
        fail(7, START);
        assertEquals(Optional.empty(), verdictAt(request(), START));

        fail(1, START);
        Fallback fallback = policy.admit(request(), START).orElseThrow();

        assertEquals(HandoffStage.ADMIT, fallback.stage());
        assertEquals(FallbackReason.RATE_LIMITED, fallback.reason());
        assertEquals("backend 'svc' (pid 4242) failed 8 handoffs within the last 30000 ms", fallback.detail());
        assertEquals(new Unrecoverable.Nothing(), fallback.unrecoverable());
    }

    @Test
    @DisplayName("POLICY-1 the unlimited policy (upstream's serving broker) admits however many handoffs failed just before")
    void unlimitedNeverRateLimits() {
        FallbackPolicy unlimited = new FallbackPolicy(FailureRateLimit.unlimited());
        for (int i = 0; i < 10_000; i++) {
            unlimited.recordFailure(BACKEND, START);
        }
        assertEquals(Optional.empty(), unlimited.admit(request(), START));
    }

    @Test
    @DisplayName("POLICY-2 the 30 s window slides: each failure leaves it exactly 30 s after it happened")
    void windowSlides() {
        for (int i = 0; i < 8; i++) {
            fail(1, START + i * SECOND);
        }
        long oldestLeaves = START + WINDOW;

        assertEquals(Optional.of(FallbackReason.RATE_LIMITED), verdictAt(request(), oldestLeaves - 1));
        assertEquals(Optional.empty(), verdictAt(request(), oldestLeaves), "the first failure left the window");

        fail(1, oldestLeaves);
        assertEquals(Optional.of(FallbackReason.RATE_LIMITED), verdictAt(request(), oldestLeaves + SECOND - 1));
        assertEquals(Optional.empty(), verdictAt(request(), oldestLeaves + SECOND), "the second failure left it too");
    }

    @Test
    @DisplayName("POLICY-2 failures count per backend: another pid or another service is not limited")
    void limitIsPerBackend() {
        fail(8, START);

        assertEquals(Optional.of(FallbackReason.RATE_LIMITED), verdictAt(request(), START));
        assertEquals(Optional.empty(), verdictAt(new HandoffRequest(SERVICE, BACKEND_PID + 1, 1, true), START));
        assertEquals(Optional.empty(), verdictAt(new HandoffRequest("other", BACKEND_PID, 1, true), START));
    }

    @Test
    @DisplayName("POLICY-2 the count and the window are configurable")
    void limitIsConfigurable() {
        FallbackPolicy strict = new FallbackPolicy(new FailureRateLimit(2, Duration.ofSeconds(1)));
        strict.recordFailure(BACKEND, START);
        assertTrue(strict.admit(request(), START).isEmpty());

        strict.recordFailure(BACKEND, START);

        assertEquals(Optional.of(FallbackReason.RATE_LIMITED), strict.admit(request(), START).map(Fallback::reason));
        assertTrue(strict.admit(request(), START + SECOND).isEmpty());
    }

    @Test
    @DisplayName("POLICY-2 defaults are 8 failures per 30 s; zero values are clamped, negative ones refused")
    void limitDefaultsAndClamps() {
        assertEquals(new FailureRateLimit(8, Duration.ofSeconds(30)), policy.limit());
        assertEquals(new FailureRateLimit(1, Duration.ofMillis(1)), new FailureRateLimit(0, Duration.ZERO));
        assertThrows(IllegalArgumentException.class, () -> new FailureRateLimit(-1, Duration.ofSeconds(1)));
        assertThrows(IllegalArgumentException.class, () -> new FailureRateLimit(1, Duration.ofSeconds(-1)));
    }

    @Test
    @DisplayName("POLICY-2 after 8 failed handoffs the next one falls back RATE_LIMITED before any token or transport, until the window passes")
    void orchestratorHonoursRateLimit() {
        BrokerFixture broker = new BrokerFixture();
        FakeUnixTransport transport = new FakeUnixTransport(broker.clock);
        transport.onSend = token -> new SendResult.Failed("EPIPE");
        for (int i = 0; i < 8; i++) {
            assertEquals(FallbackReason.SEND_FAILED, fellBack(broker.unix.handOff(request(), transport)).reason());
        }
        int drawn = broker.tokensDrawn.get();
        int calls = transport.calls.size();

        Fallback limited = fellBack(broker.unix.handOff(request(), transport));

        assertEquals(HandoffStage.ADMIT, limited.stage());
        assertEquals(FallbackReason.RATE_LIMITED, limited.reason());
        assertEquals(drawn, broker.tokensDrawn.get(), "no token drawn");
        assertEquals(calls, transport.calls.size(), "transport untouched");

        broker.clock.advanceNanos(WINDOW);
        transport.onSend = token -> new SendResult.Sent();

        assertInstanceOf(HandoffOutcome.Completed.class, broker.unix.handOff(request(), transport));
    }

    @Test
    @DisplayName("POLICY-2 rate-limited attempts do not extend the window")
    void limitedAttemptsDoNotCount() {
        BrokerFixture broker = new BrokerFixture();
        FakeWindowsTransport transport = new FakeWindowsTransport(broker.clock);
        transport.onDuplicate = pid -> new DuplicateResult.Failed("invalid", false);
        for (int i = 0; i < 8; i++) {
            broker.windows.handOff(request(), transport);
        }
        for (int i = 0; i < 29; i++) {
            broker.clock.advanceNanos(SECOND);
            assertEquals(FallbackReason.RATE_LIMITED, fellBack(broker.windows.handOff(request(), transport)).reason());
        }
        broker.clock.advanceNanos(SECOND);
        transport.onDuplicate = pid -> new DuplicateResult.Duplicated(FakeWindowsTransport.HANDLE_VALUE);

        assertInstanceOf(HandoffOutcome.Completed.class, broker.windows.handOff(request(), transport));
    }

    @Test
    @DisplayName("POLICY-2 precondition fallbacks and completed handoffs are not failures of the backend")
    void onlyFailedAttemptsCount() {
        BrokerFixture broker = new BrokerFixture();
        FakeUnixTransport transport = new FakeUnixTransport(broker.clock);
        for (int i = 0; i < 20; i++) {
            broker.unix.handOff(withoutHandlePassing(), transport);
            assertInstanceOf(HandoffOutcome.Completed.class, broker.unix.handOff(request(), transport));
        }
        transport.onSend = token -> new SendResult.Failed("EPIPE");

        assertEquals(FallbackReason.SEND_FAILED, fellBack(broker.unix.handOff(request(), transport)).reason());
    }
}
