package io.handoffkit.transport.unix;

import io.handoffkit.ack.AckRegistry;
import io.handoffkit.broker.AckReceived;
import io.handoffkit.broker.FallbackPolicy;
import io.handoffkit.broker.HandoffOutcome;
import io.handoffkit.broker.HandoffRequest;
import io.handoffkit.broker.SendResult;
import io.handoffkit.broker.UnixHandoffOrchestrator;
import io.handoffkit.broker.UnixHandoffTransport;
import io.handoffkit.profile.Profile;
import io.handoffkit.proto.v1.HandoffOffer;
import io.handoffkit.time.Clock;
import io.handoffkit.token.Token;
import io.handoffkit.token.TokenStore;
import io.handoffkit.wire.FrameWriter;
import io.handoffkit.wire.Verdict;
import java.io.FileDescriptor;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import org.newsclub.net.unix.AFSocket;

/**
 * A broker's handoff of one client connection to a backend over a Unix socket (brief §1 steps
 * 2-6): runs the {@link UnixHandoffOrchestrator} with an {@link ScmRightsTransport}; on completion
 * writes the ready relay (a HandoffAck the broker builds, FRAMES-3) to the client
 * connection and then closes the broker's own descriptor of it without shutting it down; on any
 * fallback writes nothing to the client (RELAY-6) and leaves its connection untouched.
 *
 * <p>Thread-safe: one instance serves all client connections of a broker (the token store, the
 * ACK registry and the fallback policy are shared and synchronised). Never throws for a failed
 * handoff (ORCH-5).
 */
public final class UnixBrokerHandoff {

    private final UnixHandoffOrchestrator orchestrator;
    private final Clock clock;
    private final Profile profile;

    /**
     * The registry must revoke in {@code tokens}; every deadline is judged on {@code clock}; the
     * ACK read is bounded and a short send classified as {@code profile} says.
     */
    public UnixBrokerHandoff(TokenStore tokens, AckRegistry acks, FallbackPolicy policy, Clock clock, Profile profile) {
        this.orchestrator = new UnixHandoffOrchestrator(tokens, acks, policy, clock);
        this.clock = clock;
        this.profile = Objects.requireNonNull(profile, "profile");
    }

    /** As upstream's current profile ({@link Profile#DEFAULT}). */
    public UnixBrokerHandoff(TokenStore tokens, AckRegistry acks, FallbackPolicy policy, Clock clock) {
        this(tokens, acks, policy, clock, Profile.DEFAULT);
    }

    /** Default token store, fallback policy and system clock, with the given ACK deadline (default 5 s). */
    public static UnixBrokerHandoff withAckDeadline(Duration ackDeadline) {
        TokenStore tokens = new TokenStore();
        return new UnixBrokerHandoff(tokens, new AckRegistry(tokens, ackDeadline), new FallbackPolicy(), Clock.system());
    }

    /** All defaults: 5 s ACK deadline, 1024 pending tokens with a 30 s TTL, 8 failures per backend per 30 s. */
    public static UnixBrokerHandoff withDefaults() {
        TokenStore tokens = new TokenStore();
        return new UnixBrokerHandoff(tokens, new AckRegistry(tokens), new FallbackPolicy(), Clock.system());
    }

    public Clock clock() {
        return clock;
    }

    public Profile profile() {
        return profile;
    }

    /**
     * Hand {@code client} to the backend listening on {@code backendSocket}, over a fresh handoff
     * stream that is closed once its ACK is judged, before the relay is written.
     *
     * @param announce tells the client its token (Negotiated) before the descriptor is sent
     */
    public BrokerResult handOff(AFSocket<?> client, Path backendSocket, HandoffRequest request, TokenAnnouncement announce) {
        HandoffOutcome outcome;
        try (ScmRightsTransport transport = ScmRightsTransport.dial(backendSocket, Descriptors.of(client), clock, profile)) {
            outcome = orchestrator.handOff(request, announcing(transport, announce));
        }
        // the stream has carried its one ACK: closing it first lets the backend end that session
        // while the client reads the relay, rather than while it starts talking to the backend
        return relay(client, outcome);
    }

    /**
     * Hand {@code client} off through a caller-supplied transport (a reused handoff stream, or a
     * decorated one in tests); the caller closes the transport. The transport must send
     * {@code client}'s descriptor.
     */
    public BrokerResult handOff(AFSocket<?> client, UnixHandoffTransport transport, HandoffRequest request, TokenAnnouncement announce) {
        return relay(client, orchestrator.handOff(request, announcing(transport, announce)));
    }

    /** On completion relay the ACK to the client and drop the broker's descriptor; on a fallback touch nothing. */
    private static BrokerResult relay(AFSocket<?> client, HandoffOutcome outcome) {
        if (outcome instanceof HandoffOutcome.FellBack fellBack) {
            return new BrokerResult.FellBack(fellBack.fallback());
        }
        HandoffOutcome.Completed completed = (HandoffOutcome.Completed) outcome;
        FileDescriptor own = Descriptors.of(client);
        try {
            FrameWriter.write(client.getOutputStream(), completed.readyRelay());
        } catch (IOException e) {
            Descriptors.dropWithoutShutdown(own);
            return new BrokerResult.RelayFailed(completed, "writing the ready relay to the client failed: " + e);
        }
        // the backend owns the connection now: close our copy only, a shutdown would end it for the backend too
        Descriptors.dropWithoutShutdown(own);
        return new BrokerResult.HandedOff(completed);
    }

    /** Announce the token to the client first (Negotiated precedes the SCM_RIGHTS send); a failed announcement sends nothing. */
    private static UnixHandoffTransport announcing(UnixHandoffTransport transport, TokenAnnouncement announce) {
        Objects.requireNonNull(transport, "transport");
        Objects.requireNonNull(announce, "announce");
        return new UnixHandoffTransport() {
            @Override
            public SendResult sendDescriptor(Token token) {
                try {
                    announce.announce(token);
                } catch (IOException | RuntimeException e) {
                    return new SendResult.Failed("announcing the handoff token to the client failed: " + e);
                }
                return transport.sendDescriptor(token);
            }

            @Override
            public void writeOffer(HandoffOffer offer) throws IOException {
                transport.writeOffer(offer);
            }

            @Override
            public Verdict<AckReceived> awaitAck(Token token, long correlationId, long deadlineNanos) {
                return transport.awaitAck(token, correlationId, deadlineNanos);
            }
        };
    }
}
