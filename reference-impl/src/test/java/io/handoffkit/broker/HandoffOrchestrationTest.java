package io.handoffkit.broker;

import static io.handoffkit.broker.BrokerFixture.BACKEND_PID;
import static io.handoffkit.broker.BrokerFixture.CORRELATION_ID;
import static io.handoffkit.broker.BrokerFixture.SERVICE;
import static io.handoffkit.broker.BrokerFixture.START;
import static io.handoffkit.broker.BrokerFixture.fellBack;
import static io.handoffkit.broker.BrokerFixture.request;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import io.handoffkit.ack.AckRegistry;
import io.handoffkit.ack.BackendIdentity;
import io.handoffkit.proto.v1.Frame;
import io.handoffkit.proto.v1.HandoffAck;
import io.handoffkit.proto.v1.FrameKind;
import io.handoffkit.proto.v1.HandoffOffer;
import io.handoffkit.token.Issuance;
import io.handoffkit.token.Token;
import io.handoffkit.token.TokenStore;
import io.handoffkit.token.TokenStoreLimits;
import io.handoffkit.wire.Envelope;
import io.handoffkit.wire.ReasonCode;
import io.handoffkit.wire.Rejection;
import io.handoffkit.wire.Verdict;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** SPEC §1 steps 3-6 and §8, orchestration: ORCH-1..ORCH-5 on both platforms. */
class HandoffOrchestrationTest {

    private static final long DEADLINE = START + Duration.ofSeconds(5).toNanos();
    private static final Rejection REFUSED =
            new Rejection(ReasonCode.REFUSED, "ACK-5", "backend refused the handoff: busy");
    private static final Rejection LATE =
            new Rejection(ReasonCode.LATE, "ACK-6", "backend HandoffAck arrived after the ACK deadline");
    private static final Rejection READ_TIMED_OUT =
            new Rejection(ReasonCode.IO, "FRAME-7", "I/O error: Read timed out");
    private static final Rejection REG_4_LATE =
            new Rejection(ReasonCode.LATE, "REG-4", "backend HandoffAck arrived after the ACK deadline");

    private final BrokerFixture broker = new BrokerFixture();

    /** The ACK the backend would send, observed at {@code observedAt}. */
    private static FakeChannel.AckAnswer acceptAt(long observedAt) {
        return (token, correlationId, deadline) ->
                Verdict.accept(FakeChannel.acceptedAck(token, correlationId, observedAt));
    }

    private static FakeChannel.AckAnswer reject(Rejection rejection) {
        return (token, correlationId, deadline) -> Verdict.reject(rejection);
    }

    private static FakeChannel.OfferWrite failingWrite(String message) {
        return offer -> {
            throw new IOException(message);
        };
    }

    private static Fallback fallback(HandoffStage stage, FallbackReason reason, String detail, Unrecoverable left) {
        return new Fallback(stage, reason, detail, left, Optional.empty());
    }

    private static Fallback fallback(HandoffStage stage, FallbackReason reason, Rejection rejection, Unrecoverable left) {
        return new Fallback(stage, reason, rejection.detail(), left, Optional.of(rejection));
    }

    /** FRAMES-3: the relay is the broker's own ACK (the token it issued, accepted, no detail, the correlation id). */
    private static void assertRelaysCanonicalAck(HandoffOutcome outcome) {
        HandoffOutcome.Completed completed = assertInstanceOf(HandoffOutcome.Completed.class, outcome);
        Frame ready = completed.readyRelay();
        HandoffAck canonical = HandoffAck.newBuilder().setToken(completed.ack().ack().getToken()).setAccepted(true)
                .setCorrelationId(CORRELATION_ID).build();
        assertAll(
                () -> assertEquals(FrameKind.FRAME_KIND_EVENT, ready.getKind()),
                () -> assertEquals(Envelope.HANDOFF_PAYLOAD_PROTOCOL, ready.getPayloadProtocol()),
                () -> assertEquals(CORRELATION_ID, ready.getRequestId()),
                () -> assertEquals(canonical.toByteString(), ready.getPayload()));
    }

    @Test
    @DisplayName("ORCH-3 an ACK registry over another token store is refused at construction")
    void registryMustShareTheTokenStore() {
        AckRegistry foreign = new AckRegistry(new TokenStore());

        assertThrows(IllegalArgumentException.class,
                () -> new UnixHandoffOrchestrator(broker.tokens, foreign, broker.policy, broker.clock));
        assertThrows(IllegalArgumentException.class,
                () -> new WindowsHandoffOrchestrator(broker.tokens, foreign, broker.policy, broker.clock));
    }

    @Test
    @DisplayName("ORCH-2 a full token store falls back at ADMIT with TOKEN_STORE_FULL, transport untouched")
    void tokenStoreFull() {
        BrokerFixture full = new BrokerFixture(new TokenStoreLimits(1, Duration.ofSeconds(30), 16), BrokerFixture::randomToken);
        full.tokens.issue(START);
        FakeUnixTransport transport = new FakeUnixTransport(full.clock);

        Fallback fallback = fellBack(full.unix.handOff(request(), transport));

        assertEquals(fallback(HandoffStage.ADMIT, FallbackReason.TOKEN_STORE_FULL, "token store is full (1 pending)",
                new Unrecoverable.Nothing()), fallback);
        assertEquals(List.of(), transport.calls);
        assertEquals(1, full.tokens.pendingCount(), "the other handoff's token is left alone");
        assertEquals(0, full.acks.pendingCount());
    }

    @Test
    @DisplayName("ORCH-2 a token source that only repeats a pending token falls back at ADMIT with TOKEN_COLLISION")
    void tokenCollision() {
        Token same = Token.fromHex("00112233445566778899aabbccddeeff");
        BrokerFixture colliding = new BrokerFixture(TokenStoreLimits.defaults(), () -> same);
        colliding.tokens.issue(START);
        FakeWindowsTransport transport = new FakeWindowsTransport(colliding.clock);

        Fallback fallback = fellBack(colliding.windows.handOff(request(), transport));

        assertEquals(fallback(HandoffStage.ADMIT, FallbackReason.TOKEN_COLLISION,
                "every one of 16 fresh tokens was already pending", new Unrecoverable.Nothing()), fallback);
        assertEquals(List.of(), transport.calls);
        assertTrue(colliding.tokens.isPending(same), "the colliding token belongs to another handoff and stays pending");
    }

    @Nested
    @DisplayName("Unix")
    class Unix {

        private final FakeUnixTransport transport = new FakeUnixTransport(broker.clock);

        private HandoffOutcome handOff() {
            return broker.unix.handOff(request(), transport);
        }

        @Test
        @DisplayName("ORCH-1 Unix runs SEND (descriptor, then offer), AWAIT_ACK, ACKNOWLEDGE in order and completes")
        void stagesInOrder() {
            transport.onSend = token -> {
                // the token is issued and its ACK wait registered before anything moves
                assertTrue(broker.tokens.isPending(token));
                assertEquals(1, broker.acks.pendingCount());
                return new SendResult.Sent();
            };

            HandoffOutcome outcome = handOff();

            assertInstanceOf(HandoffOutcome.Completed.class, outcome);
            assertEquals(List.of("sendDescriptor", "writeOffer", "awaitAck"), transport.calls);
            Token token = transport.tokenSent.orElseThrow();
            assertEquals(HandoffOffer.newBuilder()
                            .setHandleValue(0)
                            .setToken(token.toByteString())
                            .setServiceName(SERVICE)
                            .setCorrelationId(CORRELATION_ID)
                            .build(),
                    transport.offerWritten.orElseThrow());
            assertEquals(Optional.of(DEADLINE), transport.deadlineAwaited);
            assertFalse(broker.tokens.isPending(token), "the acknowledged token is spent");
            broker.assertNothingPending();
        }

        @Test
        @DisplayName("FRAMES-3 the relay is the broker's own ACK, not the backend's bytes: an unknown field and a detail in the ACK are not passed on")
        void relayIsTheBrokersOwnAck() {
            // an unknown field 15 and an error_detail in an accepted ACK: neither may reach the client
            ByteString unusual = ByteString.copyFrom(new byte[] {0x7A, 0x01, 0x21});
            transport.onAwait = (token, correlationId, deadline) -> {
                AckReceived plain = FakeChannel.acceptedAck(token, correlationId, START);
                HandoffAck chatty = plain.ack().toBuilder().setErrorDetail("adopted").build();
                Frame frame = plain.frame().toBuilder().setPayload(chatty.toByteString().concat(unusual)).build();
                return Verdict.accept(new AckReceived(frame, chatty, START));
            };

            HandoffOutcome outcome = handOff();

            assertRelaysCanonicalAck(outcome);
            ByteString relayed = assertInstanceOf(HandoffOutcome.Completed.class, outcome).readyRelay().getPayload();
            assertFalse(relayed.endsWith(unusual));
        }

        @Test
        @DisplayName("ORCH-2 a failed send falls back at SEND with nothing left in the backend")
        void sendFailed() {
            transport.onSend = token -> new SendResult.Failed("sendmsg: Broken pipe");

            Fallback fallback = fellBack(handOff());

            assertEquals(fallback(HandoffStage.SEND, FallbackReason.SEND_FAILED, "sendmsg: Broken pipe",
                    new Unrecoverable.Nothing()), fallback);
            assertEquals(List.of("sendDescriptor"), transport.calls);
        }

        @Test
        @DisplayName("ORCH-4 a short send (0 < sent < 16) is indeterminate: the descriptor may have reached the backend")
        void shortSendIsIndeterminate() {
            transport.onSend = token -> new SendResult.Indeterminate("sent 7 of 16 token bytes");

            Fallback fallback = fellBack(handOff());

            assertEquals(fallback(HandoffStage.SEND, FallbackReason.SEND_FAILED, "sent 7 of 16 token bytes",
                    new Unrecoverable.DescriptorMayHaveReachedBackend()), fallback);
            assertEquals(List.of("sendDescriptor"), transport.calls, "no offer after an indeterminate send");
        }

        @Test
        @DisplayName("ORCH-4 a send that throws is treated as indeterminate")
        void throwingSendIsIndeterminate() {
            transport.onSend = token -> {
                throw new IllegalStateException("socket closed underneath");
            };

            Fallback fallback = fellBack(assertDoesNotThrow(this::handOff));

            assertEquals(HandoffStage.SEND, fallback.stage());
            assertEquals(FallbackReason.SEND_FAILED, fallback.reason());
            assertEquals(new Unrecoverable.DescriptorMayHaveReachedBackend(), fallback.unrecoverable());
            assertTrue(fallback.detail().contains("socket closed underneath"), fallback.detail());
        }

        @Test
        @DisplayName("ORCH-4 a send that answers nothing is treated as indeterminate")
        void nullSendIsIndeterminate() {
            transport.onSend = token -> null;

            Fallback fallback = fellBack(assertDoesNotThrow(this::handOff));

            assertEquals(HandoffStage.SEND, fallback.stage());
            assertEquals(new Unrecoverable.DescriptorMayHaveReachedBackend(), fallback.unrecoverable());
        }

        @Test
        @DisplayName("ORCH-2 a failed offer write belongs to SEND and records that the descriptor may have reached the backend")
        void offerWriteFailed() {
            transport.onOffer = failingWrite("Connection reset by peer");

            Fallback fallback = fellBack(handOff());

            assertEquals(fallback(HandoffStage.SEND, FallbackReason.SEND_FAILED,
                    "writing the HandoffOffer failed: java.io.IOException: Connection reset by peer",
                    new Unrecoverable.DescriptorMayHaveReachedBackend()), fallback);
            assertEquals(List.of("sendDescriptor", "writeOffer"), transport.calls);
        }

        @Test
        @DisplayName("ORCH-2 a refused ACK falls back at AWAIT_ACK as ACK not observed, carrying the rejection")
        void ackRefused() {
            transport.onAwait = reject(REFUSED);

            assertEquals(fallback(HandoffStage.AWAIT_ACK, FallbackReason.ACK_NOT_OBSERVED, REFUSED,
                    new Unrecoverable.DescriptorMayHaveReachedBackend()), fellBack(handOff()));
        }

        @Test
        @DisplayName("ORCH-2 an ACK the check found late is a backend ACK timeout")
        void ackCheckedLate() {
            transport.onAwait = reject(LATE);

            assertEquals(fallback(HandoffStage.AWAIT_ACK, FallbackReason.BACKEND_ACK_TIMEOUT, LATE,
                    new Unrecoverable.DescriptorMayHaveReachedBackend()), fellBack(handOff()));
        }

        @Test
        @DisplayName("ORCH-2 a read that failed once the deadline had come is a backend ACK timeout")
        void readCutByDeadline() {
            transport.onAwait = (token, correlationId, deadline) -> {
                broker.clock.advanceNanos(deadline - broker.clock.nanos());
                return Verdict.reject(READ_TIMED_OUT);
            };

            Fallback fallback = fellBack(handOff());

            assertEquals(FallbackReason.BACKEND_ACK_TIMEOUT, fallback.reason());
            assertEquals(Optional.of(READ_TIMED_OUT), fallback.rejection());
        }

        @Test
        @DisplayName("ORCH-2 a refused ACK read once the deadline had come is still ACK not observed: only an I/O failure is cut by the deadline")
        void refusalAtTheDeadlineIsNotATimeout() {
            transport.onAwait = (token, correlationId, deadline) -> {
                broker.clock.advanceNanos(deadline - broker.clock.nanos());
                return Verdict.reject(REFUSED);
            };

            assertEquals(fallback(HandoffStage.AWAIT_ACK, FallbackReason.ACK_NOT_OBSERVED, REFUSED,
                    new Unrecoverable.DescriptorMayHaveReachedBackend()), fellBack(handOff()));
        }

        @Test
        @DisplayName("ORCH-2 a read that failed before the deadline is ACK not observed")
        void readFailedBeforeDeadline() {
            transport.onAwait = (token, correlationId, deadline) -> {
                broker.clock.advanceNanos(deadline - broker.clock.nanos() - 1);
                return Verdict.reject(READ_TIMED_OUT);
            };

            assertEquals(fallback(HandoffStage.AWAIT_ACK, FallbackReason.ACK_NOT_OBSERVED, READ_TIMED_OUT,
                    new Unrecoverable.DescriptorMayHaveReachedBackend()), fellBack(handOff()));
        }

        @Test
        @DisplayName("ORCH-2 an accepted ACK observed one nanosecond past the deadline fails at ACKNOWLEDGE")
        void acknowledgeLate() {
            transport.onAwait = acceptAt(DEADLINE + 1);

            assertEquals(fallback(HandoffStage.ACKNOWLEDGE, FallbackReason.BACKEND_ACK_TIMEOUT, REG_4_LATE,
                    new Unrecoverable.DescriptorMayHaveReachedBackend()), fellBack(handOff()));
        }

        @Test
        @DisplayName("REG-4 an accepted ACK observed exactly at the registry's deadline passes the wire check (ACK-6) and fails at ACKNOWLEDGE, as upstream's")
        void acknowledgeAtDeadline() {
            transport.onAwait = acceptAt(DEADLINE);

            Fallback fallback = fellBack(handOff());
            assertEquals(HandoffStage.ACKNOWLEDGE, fallback.stage());
            assertEquals(FallbackReason.BACKEND_ACK_TIMEOUT, fallback.reason());
            broker.assertNothingPending();
        }

        @Test
        @DisplayName("ACK-6 the wire check's deadline counts from the end of the delivery, the registry's from registration")
        void twoDeadlines() {
            transport.onOffer = offer -> broker.clock.advanceNanos(1_000);
            transport.onAwait = acceptAt(DEADLINE + 500); // on time for the wire, late for the registry

            Fallback fallback = fellBack(handOff());
            assertEquals(Optional.of(DEADLINE + 1_000), transport.deadlineAwaited);
            assertEquals(HandoffStage.ACKNOWLEDGE, fallback.stage());
        }

        @Test
        @DisplayName("ORCH-2 an ACK for a handoff a sweep already expired fails at ACKNOWLEDGE as not pending")
        void acknowledgeAfterSweep() {
            transport.onAwait = (token, correlationId, deadline) -> {
                broker.acks.expireOverdue(deadline + 1);
                return Verdict.accept(FakeChannel.acceptedAck(token, correlationId, deadline));
            };

            Fallback fallback = fellBack(handOff());

            assertEquals(HandoffStage.ACKNOWLEDGE, fallback.stage());
            assertEquals(FallbackReason.ACK_NOT_PENDING, fallback.reason());
            assertEquals(Optional.empty(), fallback.rejection());
        }

        @Test
        @DisplayName("ORCH-5 a transport throwing at AWAIT_ACK becomes a fallback, not an exception")
        void awaitThrows() {
            transport.onAwait = (token, correlationId, deadline) -> {
                throw new IllegalStateException("reader thread died");
            };

            Fallback fallback = fellBack(assertDoesNotThrow(this::handOff));

            assertEquals(HandoffStage.AWAIT_ACK, fallback.stage());
            assertEquals(FallbackReason.UNEXPECTED_EXCEPTION, fallback.reason());
            assertTrue(fallback.detail().contains("reader thread died"), fallback.detail());
            assertEquals(new Unrecoverable.DescriptorMayHaveReachedBackend(), fallback.unrecoverable());
        }

        @Test
        @DisplayName("ORCH-5 a transport throwing an unchecked exception from the offer write becomes a fallback")
        void offerWriteThrowsUnchecked() {
            transport.onOffer = offer -> {
                throw new UnsupportedOperationException("no offers today");
            };

            Fallback fallback = fellBack(assertDoesNotThrow(this::handOff));

            assertEquals(HandoffStage.SEND, fallback.stage());
            assertEquals(FallbackReason.UNEXPECTED_EXCEPTION, fallback.reason());
            broker.assertNothingPending();
        }

        @Test
        @DisplayName("ORCH-5 an await that answers nothing becomes a fallback")
        void awaitAnswersNothing() {
            transport.onAwait = (token, correlationId, deadline) -> null;

            Fallback fallback = fellBack(assertDoesNotThrow(this::handOff));

            assertEquals(HandoffStage.AWAIT_ACK, fallback.stage());
            assertEquals(FallbackReason.UNEXPECTED_EXCEPTION, fallback.reason());
        }

        static Stream<Named<Consumer<FakeUnixTransport>>> failures() {
            return Stream.of(
                    Named.of("send failed", t -> t.onSend = token -> new SendResult.Failed("EPIPE")),
                    Named.of("send indeterminate", t -> t.onSend = token -> new SendResult.Indeterminate("short")),
                    Named.of("send threw", t -> t.onSend = token -> {
                        throw new IllegalStateException("boom");
                    }),
                    Named.of("offer write failed", t -> t.onOffer = failingWrite("EPIPE")),
                    Named.of("ACK refused", t -> t.onAwait = reject(REFUSED)),
                    Named.of("ACK late", t -> t.onAwait = reject(LATE)),
                    Named.of("ACK accepted past the deadline", t -> t.onAwait = acceptAt(DEADLINE + 1)),
                    Named.of("await threw", t -> t.onAwait = (token, id, deadline) -> {
                        throw new IllegalStateException("boom");
                    }));
        }

        @ParameterizedTest(name = "{0}")
        @MethodSource("failures")
        @DisplayName("ORCH-3 after any Unix fallback no token and no ACK entry is pending")
        void nothingPendingAfterFallback(Consumer<FakeUnixTransport> failure) {
            failure.accept(transport);

            fellBack(handOff());

            broker.assertNothingPending();
            assertFalse(broker.tokens.isPending(transport.tokenSent.orElseThrow()));
        }

        @Test
        @DisplayName("ORCH-3 a fallback abandons only its own handoff")
        void fallbackLeavesOtherHandoffsAlone() {
            Token other = assertInstanceOf(Issuance.Issued.class, broker.tokens.issue(START)).token();
            broker.acks.register(other, new BackendIdentity(SERVICE, BACKEND_PID), START);
            transport.onAwait = reject(REFUSED);

            fellBack(handOff());

            assertTrue(broker.tokens.isPending(other));
            assertEquals(1, broker.tokens.pendingCount());
            assertEquals(1, broker.acks.pendingCount());
        }
    }

    @Nested
    @DisplayName("Windows")
    class Windows {

        private static final Unrecoverable LEAKED =
                new Unrecoverable.HandleLeakedInBackend(FakeWindowsTransport.HANDLE_VALUE);

        private final FakeWindowsTransport transport = new FakeWindowsTransport(broker.clock);

        private HandoffOutcome handOff() {
            return broker.windows.handOff(request(), transport);
        }

        @Test
        @DisplayName("ORCH-1 Windows runs DUPLICATE, DELIVER, AWAIT_ACK, ACKNOWLEDGE in order and completes")
        void stagesInOrder() {
            transport.onDuplicate = pid -> {
                assertEquals(1, broker.tokens.pendingCount());
                assertEquals(1, broker.acks.pendingCount());
                return new DuplicateResult.Duplicated(FakeWindowsTransport.HANDLE_VALUE);
            };

            HandoffOutcome outcome = handOff();

            assertRelaysCanonicalAck(outcome);
            assertEquals(List.of("duplicateIntoBackend(" + BACKEND_PID + ")", "writeOffer", "awaitAck"), transport.calls);
            HandoffOffer offer = transport.offerWritten.orElseThrow();
            assertEquals(FakeWindowsTransport.HANDLE_VALUE, offer.getHandleValue());
            assertEquals(SERVICE, offer.getServiceName());
            assertEquals(CORRELATION_ID, offer.getCorrelationId());
            assertEquals(Token.LENGTH, offer.getToken().size());
            assertEquals(Optional.of(DEADLINE), transport.deadlineAwaited);
            broker.assertNothingPending();
        }

        @Test
        @DisplayName("ORCH-2 DuplicateHandle refused for permission falls back at DUPLICATE as permission denied")
        void duplicatePermissionDenied() {
            transport.onDuplicate = pid -> new DuplicateResult.Failed("OpenProcess: Access is denied", true);

            assertEquals(fallback(HandoffStage.DUPLICATE, FallbackReason.PERMISSION_DENIED,
                    "OpenProcess: Access is denied", new Unrecoverable.Nothing()), fellBack(handOff()));
            assertEquals(List.of("duplicateIntoBackend(" + BACKEND_PID + ")"), transport.calls);
        }

        @Test
        @DisplayName("ORCH-2 DuplicateHandle failing otherwise falls back at DUPLICATE as duplicate failed")
        void duplicateFailed() {
            transport.onDuplicate = pid -> new DuplicateResult.Failed("The handle is invalid", false);

            assertEquals(fallback(HandoffStage.DUPLICATE, FallbackReason.DUPLICATE_FAILED,
                    "The handle is invalid", new Unrecoverable.Nothing()), fellBack(handOff()));
            assertEquals(1, transport.calls.size());
        }

        @Test
        @DisplayName("ORCH-5 a duplicate that throws becomes a fallback at DUPLICATE")
        void duplicateThrows() {
            transport.onDuplicate = pid -> {
                throw new IllegalStateException("JNA said no");
            };

            Fallback fallback = fellBack(assertDoesNotThrow(this::handOff));

            assertEquals(HandoffStage.DUPLICATE, fallback.stage());
            assertEquals(FallbackReason.UNEXPECTED_EXCEPTION, fallback.reason());
            assertEquals(new Unrecoverable.Nothing(), fallback.unrecoverable());
        }

        @Test
        @DisplayName("ORCH-2 a failed offer write falls back at DELIVER and records the handle leaked in the backend")
        void deliverFailed() {
            transport.onOffer = failingWrite("The pipe is being closed");

            assertEquals(fallback(HandoffStage.DELIVER, FallbackReason.DELIVERY_FAILED,
                    "writing the HandoffOffer failed: java.io.IOException: The pipe is being closed", LEAKED),
                    fellBack(handOff()));
            assertEquals(List.of("duplicateIntoBackend(" + BACKEND_PID + ")", "writeOffer"), transport.calls);
        }

        @Test
        @DisplayName("ORCH-2 a refused ACK after a successful duplicate records the leaked handle")
        void ackRefusedLeaksHandle() {
            transport.onAwait = reject(REFUSED);

            assertEquals(fallback(HandoffStage.AWAIT_ACK, FallbackReason.ACK_NOT_OBSERVED, REFUSED, LEAKED),
                    fellBack(handOff()));
        }

        @Test
        @DisplayName("ORCH-2 an ACK the check found late is a backend ACK timeout and records the leaked handle")
        void ackCheckedLate() {
            transport.onAwait = reject(LATE);

            assertEquals(fallback(HandoffStage.AWAIT_ACK, FallbackReason.BACKEND_ACK_TIMEOUT, LATE, LEAKED),
                    fellBack(handOff()));
        }

        @Test
        @DisplayName("ORCH-2 an accepted ACK observed past the deadline fails at ACKNOWLEDGE and records the leaked handle")
        void acknowledgeLate() {
            transport.onAwait = acceptAt(DEADLINE + 1);

            assertEquals(fallback(HandoffStage.ACKNOWLEDGE, FallbackReason.BACKEND_ACK_TIMEOUT, REG_4_LATE, LEAKED),
                    fellBack(handOff()));
        }

        @Test
        @DisplayName("ORCH-5 an unchecked exception from the offer write becomes a fallback at DELIVER")
        void offerWriteThrowsUnchecked() {
            transport.onOffer = offer -> {
                throw new IllegalStateException("pipe gone");
            };

            Fallback fallback = fellBack(assertDoesNotThrow(this::handOff));

            assertEquals(HandoffStage.DELIVER, fallback.stage());
            assertEquals(FallbackReason.UNEXPECTED_EXCEPTION, fallback.reason());
            assertEquals(LEAKED, fallback.unrecoverable());
        }

        static Stream<Named<Consumer<FakeWindowsTransport>>> failures() {
            return Stream.of(
                    Named.of("permission denied", t -> t.onDuplicate = pid -> new DuplicateResult.Failed("denied", true)),
                    Named.of("duplicate failed", t -> t.onDuplicate = pid -> new DuplicateResult.Failed("invalid", false)),
                    Named.of("duplicate threw", t -> t.onDuplicate = pid -> {
                        throw new IllegalStateException("boom");
                    }),
                    Named.of("offer write failed", t -> t.onOffer = failingWrite("closed")),
                    Named.of("ACK refused", t -> t.onAwait = reject(REFUSED)),
                    Named.of("read timed out", t -> t.onAwait = reject(READ_TIMED_OUT)),
                    Named.of("ACK accepted past the deadline", t -> t.onAwait = acceptAt(DEADLINE + 1)),
                    Named.of("await threw", t -> t.onAwait = (token, id, deadline) -> {
                        throw new IllegalStateException("boom");
                    }));
        }

        @ParameterizedTest(name = "{0}")
        @MethodSource("failures")
        @DisplayName("ORCH-3 after any Windows fallback no token and no ACK entry is pending")
        void nothingPendingAfterFallback(Consumer<FakeWindowsTransport> failure) {
            failure.accept(transport);

            fellBack(handOff());

            broker.assertNothingPending();
        }
    }
}
