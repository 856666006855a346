package io.handoffkit.transport.windows;

import io.handoffkit.broker.AckReceived;
import io.handoffkit.broker.BackendChannel;
import io.handoffkit.broker.DuplicateResult;
import io.handoffkit.broker.WindowsHandoffTransport;
import io.handoffkit.proto.v1.HandoffOffer;
import io.handoffkit.time.Clock;
import io.handoffkit.token.Token;
import io.handoffkit.wire.Verdict;
import java.io.IOException;
import java.util.Objects;
import java.util.Optional;

/**
 * The broker's Windows transport for one handoff (brief §1 step 3, SPEC ORCH-1): DUPLICATE the
 * client pipe handle into the verified backend process ({@link HandleDuplicator}), then DELIVER
 * the offer and AWAIT the ACK on the handoff pipe ({@link StreamBackendChannel}). The
 * orchestrator puts the duplicated value in the offer's {@code handle_value} and, on any later
 * fallback, records it as leaked in the backend (ORCH-2).
 *
 * <p>"Verified": when built over the handoff pipe ({@link #overPipe}), the pipe's server process
 * must be the backend the request names, so a handle is never duplicated into whoever happens
 * to serve a pipe of that name.
 */
public final class DuplicateHandleTransport implements WindowsHandoffTransport {

    /** Confirms, before anything is duplicated, that {@code backendPid} is the process behind the handoff channel. */
    @FunctionalInterface
    public interface BackendVerification {
        /** Empty when verified; otherwise why not. */
        Optional<DuplicateResult.Failed> verify(long backendPid);

        /** For callers that verified the pid themselves (for example: they spawned the backend). */
        static BackendVerification alreadyVerified() {
            return pid -> Optional.empty();
        }
    }

    private final HandleDuplicator duplicator;
    private final long clientPipe;
    private final BackendVerification verification;
    private final BackendChannel channel;

    public DuplicateHandleTransport(
            HandleDuplicator duplicator, long clientPipe, BackendVerification verification, BackendChannel channel) {
        this.duplicator = Objects.requireNonNull(duplicator, "duplicator");
        this.clientPipe = clientPipe;
        this.verification = Objects.requireNonNull(verification, "verification");
        this.channel = Objects.requireNonNull(channel, "channel");
    }

    /**
     * The whole Windows path over a handoff pipe the broker opened: verification by the pipe's
     * server process id, the offer/ACK exchange on the pipe with reads bounded by polling.
     */
    public static DuplicateHandleTransport overPipe(Kernel32Calls kernel32, long clientPipe, Win32Pipe handoffPipe, Clock clock) {
        BackendChannel channel = new StreamBackendChannel(handoffPipe.input(), handoffPipe.output(), clock,
                ReadBound.polling(handoffPipe.readiness(), clock));
        return new DuplicateHandleTransport(new HandleDuplicator(kernel32), clientPipe, servedBy(handoffPipe), channel);
    }

    /** Verification by {@code GetNamedPipeServerProcessId} on the handoff pipe. */
    public static BackendVerification servedBy(Win32Pipe handoffPipe) {
        return backendPid -> {
            int server;
            try {
                server = handoffPipe.serverProcessId();
            } catch (IOException e) {
                boolean denied = e.getCause() instanceof Win32CallException w && w.accessDenied();
                return Optional.of(new DuplicateResult.Failed(
                        "cannot tell which process serves the handoff pipe: " + e.getMessage(), denied));
            }
            if (Integer.toUnsignedLong(server) != backendPid) {
                return Optional.of(new DuplicateResult.Failed("the handoff pipe is served by process "
                        + Integer.toUnsignedLong(server) + ", not by the backend " + backendPid, false));
            }
            return Optional.empty();
        };
    }

    @Override
    public DuplicateResult duplicateIntoBackend(long backendPid) {
        Optional<DuplicateResult.Failed> unverified = verification.verify(backendPid);
        if (unverified.isPresent()) {
            return unverified.get();
        }
        return duplicator.duplicate(clientPipe, backendPid);
    }

    @Override
    public void writeOffer(HandoffOffer offer) throws IOException {
        channel.writeOffer(offer);
    }

    @Override
    public Verdict<AckReceived> awaitAck(Token token, long correlationId, long deadlineNanos) {
        return channel.awaitAck(token, correlationId, deadlineNanos);
    }
}
