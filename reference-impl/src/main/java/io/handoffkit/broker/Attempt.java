package io.handoffkit.broker;

import io.handoffkit.ack.AckRegistry;
import io.handoffkit.proto.v1.HandoffOffer;
import io.handoffkit.time.Clock;
import io.handoffkit.token.Token;
import io.handoffkit.wire.Rejection;
import java.io.IOException;
import java.util.Optional;

/**
 * One handoff after its token was issued: the stage it is in, what it could no
 * longer undo, and the single way it falls back (abandon the token and ACK entry,
 * count the failure against the backend), so no stage can forget the cleanup (ORCH-3).
 */
final class Attempt {

    private final HandoffRequest request;
    private final Token token;
    private final AckRegistry acks;
    private final FallbackPolicy policy;
    private final Clock clock;
    private HandoffStage stage = HandoffStage.ADMIT;
    private Unrecoverable exposure = new Unrecoverable.Nothing();

    Attempt(HandoffRequest request, Token token, AckRegistry acks, FallbackPolicy policy, Clock clock) {
        this.request = request;
        this.token = token;
        this.acks = acks;
        this.policy = policy;
        this.clock = clock;
    }

    HandoffRequest request() {
        return request;
    }

    Token token() {
        return token;
    }

    void enter(HandoffStage next) {
        stage = next;
    }

    /** From now on a fallback records this as what it could not undo. */
    void expose(Unrecoverable leftBehind) {
        exposure = leftBehind;
    }

    Fallback fallBack(FallbackReason reason, String detail) {
        return fallBack(reason, detail, Optional.empty());
    }

    Fallback fallBack(FallbackReason reason, Rejection rejection) {
        return fallBack(reason, rejection.detail(), Optional.of(rejection));
    }

    private Fallback fallBack(FallbackReason reason, String detail, Optional<Rejection> rejection) {
        acks.abandon(token);
        policy.recordFailure(request.backend(), clock.nanos());
        return new Fallback(stage, reason, detail, exposure, rejection);
    }

    /** Write the offer for this attempt; a write failure falls back with {@code reason} in the current stage. */
    Optional<Fallback> writeOffer(BackendChannel channel, long handleValue, FallbackReason reason) {
        HandoffOffer offer = HandoffOffer.newBuilder()
                .setHandleValue(handleValue)
                .setToken(token.toByteString())
                .setServiceName(request.service())
                .setCorrelationId(request.correlationId())
                .build();
        try {
            channel.writeOffer(offer);
            return Optional.empty();
        } catch (IOException e) {
            return Optional.of(fallBack(reason, "writing the HandoffOffer failed: " + e));
        }
    }
}
