package io.handoffkit.broker;

import io.handoffkit.ack.AckRegistry;
import io.handoffkit.time.Clock;
import io.handoffkit.token.TokenStore;
import java.util.Objects;
import java.util.Optional;

/** The broker's Windows handoff: stages DUPLICATE, DELIVER, AWAIT_ACK, ACKNOWLEDGE (ORCH-1). */
public final class WindowsHandoffOrchestrator {

    private final Orchestration orchestration;

    public WindowsHandoffOrchestrator(TokenStore tokens, AckRegistry acks, FallbackPolicy policy, Clock clock) {
        this.orchestration = new Orchestration(tokens, acks, policy, clock);
    }

    /** Hand the client pipe to the backend, or record why not. Never throws (ORCH-5). */
    public HandoffOutcome handOff(HandoffRequest request, WindowsHandoffTransport transport) {
        return orchestration.run(request, transport, attempt -> duplicateAndDeliver(attempt, transport));
    }

    private static Optional<Fallback> duplicateAndDeliver(Attempt attempt, WindowsHandoffTransport transport) {
        attempt.enter(HandoffStage.DUPLICATE);
        DuplicateResult duplicate = Objects.requireNonNull(
                transport.duplicateIntoBackend(attempt.request().backendPid()), "duplicateIntoBackend result");
        if (duplicate instanceof DuplicateResult.Failed failed) {
            FallbackReason reason = failed.permissionDenied() ? FallbackReason.PERMISSION_DENIED : FallbackReason.DUPLICATE_FAILED;
            return Optional.of(attempt.fallBack(reason, failed.detail()));
        }
        long handleValue = ((DuplicateResult.Duplicated) duplicate).handleValue();
        // the duplicate lives in the backend's handle table: only the backend can close it
        attempt.expose(new Unrecoverable.HandleLeakedInBackend(handleValue));
        attempt.enter(HandoffStage.DELIVER);
        return attempt.writeOffer(transport, handleValue, FallbackReason.DELIVERY_FAILED);
    }
}
