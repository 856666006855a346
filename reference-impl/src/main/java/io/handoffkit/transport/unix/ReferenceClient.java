package io.handoffkit.transport.unix;

import io.handoffkit.broker.HelloNegotiation;
import io.handoffkit.client.ClientHello;
import io.handoffkit.client.HelloReplyCheck;
import io.handoffkit.client.RelayWait;
import io.handoffkit.proto.v1.ErrorCode;
import io.handoffkit.proto.v1.HelloReply;
import io.handoffkit.proto.v1.Negotiated;
import io.handoffkit.time.Clock;
import io.handoffkit.token.Token;
import io.handoffkit.wire.ControlFrames;
import io.handoffkit.wire.FrameWriter;
import io.handoffkit.wire.HeaderReadAhead;
import io.handoffkit.wire.Verdict;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import org.newsclub.net.unix.AFUNIXSocket;
import org.newsclub.net.unix.AFUNIXSocketAddress;

/**
 * The reference client's connect attempt (SPEC.md sections 8 and 13): dial the broker, send the
 * Hello with bit 0 (CLIENT-1), check the reply (CLIENT-2), wait for the relay when a handoff was
 * negotiated and adoption is on (CLIENT-3, CLIENT-4, {@link RelayWait}), and either keep the Hello
 * connection (CLIENT-6) or reconnect through {@code backend_pipe} (RELAY-5, CLIENT-7). An
 * embedding program calls {@link #connect()} once per backend connection it needs.
 */
public final class ReferenceClient {

    /** The request id of the Hello frame (the reply echoes it, NEG-1); upstream's client sends 1. */
    static final long HELLO_FRAME_ID = 1;
    /** The bound on the broker's reply (upstream bounds the Hello round trip at 30 s from 4.5.10). */
    static final Duration REPLY_BOUND = Duration.ofSeconds(30);

    /** How the client reaches the broker and what it asks for. */
    public record Settings(Path broker, String service, String wantedVersion, Duration relayWait, boolean adopt) {
        public Settings {
            Objects.requireNonNull(broker, "broker");
            Objects.requireNonNull(service, "service");
            Objects.requireNonNull(wantedVersion, "wantedVersion");
            if (relayWait.isNegative() || relayWait.isZero()) {
                throw new IllegalArgumentException("the relay wait must be positive");
            }
        }

        /** Service {@code echo}, version 1.0.0, the default wait (2 s), adoption on. */
        public static Settings of(Path broker) {
            return new Settings(broker, "echo", "1.0.0", RelayWait.DEFAULT_WAIT, true);
        }

        public Settings withService(String s) {
            return new Settings(broker, s, wantedVersion, relayWait, adopt);
        }

        public Settings withRelayWait(Duration d) {
            return new Settings(broker, service, wantedVersion, d, adopt);
        }

        public Settings withAdoption(boolean on) {
            return new Settings(broker, service, wantedVersion, relayWait, on);
        }
    }

    /** How the returned connection was reached. */
    public enum Route {
        /** The broker handed the Hello connection to the backend and relayed its acceptance: the connection is kept. */
        HANDLE_PASSED,
        /** A fresh connection to {@code Negotiated.backend_pipe}. */
        BROKER_NEGOTIATED
    }

    /** What one connect attempt gave: a connection to the backend, or an error of the attempt (never a failed handoff alone). */
    public sealed interface Result {

        /** Connected: the caller owns {@code socket}. */
        record Connected(AFUNIXSocket socket, Route route, Negotiated negotiated) implements Result {
            public Connected {
                Objects.requireNonNull(socket, "socket");
                Objects.requireNonNull(route, "route");
            }
        }

        /** The broker refused the Hello (CLIENT-2). */
        record Refused(ErrorCode code, String reason) implements Result {}

        /** The attempt failed: the broker could not be reached or its reply read, an empty backend_pipe (CLIENT-7), a failed dial. */
        record Failed(String detail) implements Result {}
    }

    private final Settings settings;
    private final Clock clock;

    public ReferenceClient(Settings settings, Clock clock) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    public ReferenceClient(Settings settings) {
        this(settings, Clock.system());
    }

    /** One connect attempt. */
    public Result connect() {
        AFUNIXSocket hello;
        try {
            hello = AFUNIXSocket.connectTo(AFUNIXSocketAddress.of(settings.broker()));
        } catch (IOException e) {
            return new Result.Failed("cannot reach the broker at " + settings.broker() + ": " + e.getMessage());
        }
        return negotiate(hello);
    }

    private Result negotiate(AFUNIXSocket hello) {
        Verdict<HelloReply> reply;
        try {
            FrameWriter.write(hello.getOutputStream(), ControlFrames.hello(
                    ClientHello.of(settings.service(), settings.wantedVersion(), true), HELLO_FRAME_ID));
            hello.setSoTimeout((int) REPLY_BOUND.toMillis());
            // the header in one receive, the body exactly: a relay right behind the reply stays unread
            reply = HelloReplyCheck.read(new HeaderReadAhead(hello.getInputStream()));
        } catch (IOException e) {
            Descriptors.closeSocket(hello);
            return new Result.Failed("the Hello exchange failed: " + e.getMessage());
        }
        if (reply instanceof Verdict.Rejected<HelloReply> rejected) {
            Descriptors.closeSocket(hello);
            return new Result.Failed("unreadable reply: " + rejected.rejection());
        }
        HelloReply answer = ((Verdict.Accepted<HelloReply>) reply).value();
        if (answer.hasRefused()) {
            Descriptors.closeSocket(hello);
            return new Result.Refused(answer.getRefused().getCode(), answer.getRefused().getReason());
        }
        Negotiated negotiated = answer.getNegotiated();
        Optional<Token> token = handoffToken(negotiated);
        if (settings.adopt() && token.isPresent()) {
            RelayWait.Outcome waited = RelayWait.await(hello, token.get(), settings.relayWait(), clock);
            if (waited instanceof RelayWait.Outcome.Adopted) {
                return new Result.Connected(hello, Route.HANDLE_PASSED, negotiated);
            }
        }
        Descriptors.closeSocket(hello);
        return reconnect(negotiated);
    }

    /** The token of a negotiated handoff: bit 0 and a token (CLIENT-3); a token that is not 16 bytes can never be echoed right. */
    private static Optional<Token> handoffToken(Negotiated n) {
        if ((n.getServerCapabilities() & HelloNegotiation.HANDLE_PASSING) == 0 || n.getHandlePassedToken().isEmpty()) {
            return Optional.empty();
        }
        return Token.of(n.getHandlePassedToken());
    }

    private static Result reconnect(Negotiated negotiated) {
        if (negotiated.getBackendPipe().isEmpty()) {
            return new Result.Failed("Negotiated.backend_pipe is empty (CLIENT-7)");
        }
        try {
            AFUNIXSocket pipe = AFUNIXSocket.connectTo(AFUNIXSocketAddress.of(Path.of(negotiated.getBackendPipe())));
            return new Result.Connected(pipe, Route.BROKER_NEGOTIATED, negotiated);
        } catch (IOException e) {
            return new Result.Failed("cannot connect to backend_pipe " + negotiated.getBackendPipe() + ": " + e.getMessage());
        }
    }
}
