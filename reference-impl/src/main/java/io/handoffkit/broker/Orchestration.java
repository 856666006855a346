package io.handoffkit.broker;

import io.handoffkit.ack.AckRegistry;
import io.handoffkit.ack.Acknowledgement;
import io.handoffkit.time.Clock;
import io.handoffkit.token.Issuance;
import io.handoffkit.token.TokenStore;
import io.handoffkit.wire.HandoffFrames;
import io.handoffkit.wire.ReasonCode;
import io.handoffkit.wire.Rejection;
import io.handoffkit.wire.Verdict;
import java.util.Objects;
import java.util.Optional;

/**
 * The part of a handoff both platforms share (SPEC §1 steps 3-6, §8): admit,
 * issue and register the token, run the platform's delivery stages, await and
 * acknowledge the ACK. Every failure becomes a {@link Fallback}; nothing throws (ORCH-5).
 */
final class Orchestration {

    /** The platform stages that move the connection and write the offer; empty when they all succeeded. */
    @FunctionalInterface
    interface Delivery {
        Optional<Fallback> deliver(Attempt attempt);
    }

    private final TokenStore tokens;
    private final AckRegistry acks;
    private final FallbackPolicy policy;
    private final Clock clock;

    Orchestration(TokenStore tokens, AckRegistry acks, FallbackPolicy policy, Clock clock) {
        if (acks.tokens() != tokens) {
            // the registry revokes in its own store: a different one would leave tokens pending (ORCH-3)
            throw new IllegalArgumentException("the ACK registry must revoke in the token store the orchestrator issues from");
        }
        this.tokens = tokens;
        this.acks = acks;
        this.policy = Objects.requireNonNull(policy, "policy");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    HandoffOutcome run(HandoffRequest request, BackendChannel channel, Delivery delivery) {
        long now = clock.nanos();
        Optional<Fallback> refused = policy.admit(request, now);
        if (refused.isPresent()) {
            return new HandoffOutcome.FellBack(refused.get());
        }
        Issuance issuance = tokens.issue(now);
        if (issuance instanceof Issuance.Full full) {
            return new HandoffOutcome.FellBack(Fallback.atAdmission(FallbackReason.TOKEN_STORE_FULL,
                    "token store is full (" + full.pending() + " pending)"));
        }
        if (issuance instanceof Issuance.Collided collided) {
            return new HandoffOutcome.FellBack(Fallback.atAdmission(FallbackReason.TOKEN_COLLISION,
                    "every one of " + collided.attempts() + " fresh tokens was already pending"));
        }
        Attempt attempt = new Attempt(request, ((Issuance.Issued) issuance).token(), acks, policy, clock);
        try {
            return proceed(attempt, channel, delivery, now);
        } catch (RuntimeException e) {
            // an injected transport broke its contract; the handoff still only falls back
            return new HandoffOutcome.FellBack(attempt.fallBack(FallbackReason.UNEXPECTED_EXCEPTION, "transport threw " + e));
        }
    }

    private HandoffOutcome proceed(Attempt attempt, BackendChannel channel, Delivery delivery, long now) {
        acks.register(attempt.token(), attempt.request().backend(), now);
        Optional<Fallback> undelivered = delivery.deliver(attempt);
        if (undelivered.isPresent()) {
            return new HandoffOutcome.FellBack(undelivered.get());
        }
        attempt.enter(HandoffStage.AWAIT_ACK);
        // upstream's two deadlines (ACK-6, REG-1): the wire check's counts from the end of the delivery,
        // the registry's from registration, so an ACK between them passes the wire and is late at ACKNOWLEDGE
        long deadline = clock.nanos() + acks.limits().ackDeadline().toNanos();
        long correlationId = attempt.request().correlationId();
        Verdict<AckReceived> verdict = Objects.requireNonNull(
                channel.awaitAck(attempt.token(), correlationId, deadline), "awaitAck result");
        if (verdict instanceof Verdict.Rejected<AckReceived> rejected) {
            Rejection rejection = rejected.rejection();
            return new HandoffOutcome.FellBack(attempt.fallBack(awaitReason(rejection, deadline), rejection));
        }
        AckReceived ack = ((Verdict.Accepted<AckReceived>) verdict).value();
        attempt.enter(HandoffStage.ACKNOWLEDGE);
        // the registry re-judges the observation instant, so a lax channel cannot complete an overdue handoff
        Acknowledgement acknowledgement = acks.acknowledge(attempt.token(), ack.observedAtNanos());
        if (acknowledgement instanceof Acknowledgement.Late late) {
            return new HandoffOutcome.FellBack(attempt.fallBack(FallbackReason.BACKEND_ACK_TIMEOUT, late.rejection()));
        }
        if (acknowledgement instanceof Acknowledgement.NotPending) {
            return new HandoffOutcome.FellBack(attempt.fallBack(FallbackReason.ACK_NOT_PENDING,
                    "the ACK registry no longer held this handoff when its ACK was observed"));
        }
        return new HandoffOutcome.Completed(ack, HandoffFrames.readyFor(attempt.token().toByteString(), correlationId));
    }

    /** A late ACK, or a read that failed once the deadline had come, is a timeout; anything else a bad ACK. */
    private FallbackReason awaitReason(Rejection rejection, long deadline) {
        boolean late = rejection.reason() == ReasonCode.LATE;
        boolean readCutByDeadline = rejection.reason() == ReasonCode.IO && clock.nanos() - deadline >= 0;
        return late || readCutByDeadline ? FallbackReason.BACKEND_ACK_TIMEOUT : FallbackReason.ACK_NOT_OBSERVED;
    }
}
