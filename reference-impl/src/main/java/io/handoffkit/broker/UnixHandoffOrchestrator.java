package io.handoffkit.broker;

import io.handoffkit.ack.AckRegistry;
import io.handoffkit.time.Clock;
import io.handoffkit.token.TokenStore;
import java.util.Objects;
import java.util.Optional;

/** The broker's Unix handoff (Linux, macOS): stages SEND, AWAIT_ACK, ACKNOWLEDGE (ORCH-1). */
public final class UnixHandoffOrchestrator {

    /** Unix carries no handle value in the offer: the descriptor travelled by SCM_RIGHTS. */
    private static final long NO_HANDLE_VALUE = 0;

    private final Orchestration orchestration;

    public UnixHandoffOrchestrator(TokenStore tokens, AckRegistry acks, FallbackPolicy policy, Clock clock) {
        this.orchestration = new Orchestration(tokens, acks, policy, clock);
    }

    /** Hand the client connection to the backend, or record why not. Never throws (ORCH-5). */
    public HandoffOutcome handOff(HandoffRequest request, UnixHandoffTransport transport) {
        return orchestration.run(request, transport, attempt -> send(attempt, transport));
    }

    private static Optional<Fallback> send(Attempt attempt, UnixHandoffTransport transport) {
        attempt.enter(HandoffStage.SEND);
        SendResult sent = sendDescriptor(attempt, transport);
        if (sent instanceof SendResult.Failed failed) {
            return Optional.of(attempt.fallBack(FallbackReason.SEND_FAILED, failed.detail()));
        }
        attempt.expose(new Unrecoverable.DescriptorMayHaveReachedBackend());
        if (sent instanceof SendResult.Indeterminate indeterminate) {
            return Optional.of(attempt.fallBack(FallbackReason.SEND_FAILED, indeterminate.detail()));
        }
        return attempt.writeOffer(transport, NO_HANDLE_VALUE, FallbackReason.SEND_FAILED);
    }

    /** A send that threw or answered nothing may have passed the descriptor before failing: indeterminate (ORCH-4). */
    private static SendResult sendDescriptor(Attempt attempt, UnixHandoffTransport transport) {
        try {
            return Objects.requireNonNull(transport.sendDescriptor(attempt.token()), "sendDescriptor result");
        } catch (RuntimeException e) {
            return new SendResult.Indeterminate("descriptor send threw " + e);
        }
    }
}
