package io.handoffkit.conformance.runner.faulty.client;

import io.handoffkit.broker.HelloNegotiation;
import io.handoffkit.client.ClientHello;
import io.handoffkit.client.HelloReplyCheck;
import io.handoffkit.client.RelayCheck;
import io.handoffkit.proto.v1.Frame;
import io.handoffkit.proto.v1.HandoffAck;
import io.handoffkit.proto.v1.HelloReply;
import io.handoffkit.proto.v1.Negotiated;
import io.handoffkit.time.Clock;
import io.handoffkit.token.Token;
import io.handoffkit.transport.unix.ClientSessions;
import io.handoffkit.transport.unix.Descriptors;
import io.handoffkit.transport.unix.ReferenceClient.Result;
import io.handoffkit.transport.unix.ReferenceClient.Route;
import io.handoffkit.wire.ControlFrames;
import io.handoffkit.wire.DeadlineInputStream;
import io.handoffkit.wire.Decoding;
import io.handoffkit.wire.FrameReader;
import io.handoffkit.wire.FrameWriter;
import io.handoffkit.wire.Framing;
import io.handoffkit.wire.HeaderReadAhead;
import io.handoffkit.wire.ReasonCode;
import io.handoffkit.wire.Verdict;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import org.newsclub.net.unix.AFUNIXSocket;
import org.newsclub.net.unix.AFUNIXSocketAddress;

/**
 * A small client built from the reference's wire classes (Hello, reply check, relay check), for
 * self-validation: correct with {@link ClientFault#NONE}, otherwise wrong in exactly one rule. It
 * runs in the reference's session loop ({@link ClientSessions}: the agreed probe and the echo), so
 * only its connect attempt differs.
 */
public final class MiniClient {

    private final Path broker;
    private final ClientFault fault;
    private final Duration wait;
    private final Clock clock = Clock.system();
    private volatile String lastPipe = "";

    private MiniClient(Path broker, ClientFault fault, Duration wait) {
        this.broker = broker;
        this.fault = fault;
        this.wait = wait;
    }

    /** Start its session loop dialling {@code broker}; closing the handle stops it. */
    public static ClientSessions start(Path broker, ClientFault fault, Duration wait) {
        return ClientSessions.start(new MiniClient(broker, fault, wait)::connect);
    }

    Result connect() {
        AFUNIXSocket hello;
        try {
            hello = AFUNIXSocket.connectTo(AFUNIXSocketAddress.of(broker));
        } catch (IOException e) {
            return new Result.Failed("cannot reach the broker: " + e.getMessage());
        }
        try {
            FrameWriter.write(hello.getOutputStream(), ControlFrames.hello(ClientHello.of("echo", "1.0.0", fault != ClientFault.NEVER_SETS_BIT0), 1));
            Verdict<HelloReply> reply = fault == ClientFault.IGNORES_REPLY_KIND
                    ? FrameReader.read(new HeaderReadAhead(hello.getInputStream()), Framing.MAX_FRAME_BYTES)
                            .then(b -> Decoding.frame(b, "HelloReply")).then(f -> Decoding.helloReply(f.getPayload()))
                    : HelloReplyCheck.read(new HeaderReadAhead(hello.getInputStream()));
            if (!(reply instanceof Verdict.Accepted<HelloReply> accepted) || accepted.value().getResultCase() == HelloReply.ResultCase.RESULT_NOT_SET) {
                Descriptors.closeSocket(hello);
                return new Result.Failed("unreadable reply");
            }
            if (accepted.value().hasRefused()) {
                Descriptors.closeSocket(hello);
                return new Result.Refused(accepted.value().getRefused().getCode(), accepted.value().getRefused().getReason());
            }
            Negotiated n = accepted.value().getNegotiated();
            boolean handoff = (n.getServerCapabilities() & HelloNegotiation.HANDLE_PASSING) != 0 && !n.getHandlePassedToken().isEmpty();
            if ((handoff || fault == ClientFault.WAITS_WITHOUT_HANDOFF) && fault != ClientFault.NO_WAIT && relayed(hello, n)) {
                return new Result.Connected(hello, Route.HANDLE_PASSED, n);
            }
            Descriptors.closeSocket(hello);
            String pipe = n.getBackendPipe().isEmpty() && fault == ClientFault.DIALS_EMPTY_PIPE ? lastPipe : n.getBackendPipe();
            if (pipe.isEmpty()) {
                return new Result.Failed("empty backend_pipe");
            }
            lastPipe = pipe;
            return new Result.Connected(AFUNIXSocket.connectTo(AFUNIXSocketAddress.of(Path.of(pipe))), Route.BROKER_NEGOTIATED, n);
        } catch (IOException e) {
            Descriptors.closeSocket(hello);
            return new Result.Failed(e.getMessage());
        }
    }

    /** The relay wait, bent by the fault. */
    private boolean relayed(AFUNIXSocket hello, Negotiated n) throws IOException {
        Token token = Token.of(n.getHandlePassedToken()).orElseGet(() -> Token.random(new SecureRandom()));
        InputStream raw = fault == ClientFault.SWALLOWS_EARLY_BYTES
                ? new BufferedInputStream(hello.getInputStream(), 4096) : new HeaderReadAhead(hello.getInputStream());
        InputStream in = fault == ClientFault.WAITS_FOREVER ? raw : new DeadlineInputStream(raw, clock, clock.nanos() + wait.toNanos(), hello::setSoTimeout);
        Verdict<Frame> frame = FrameReader.read(in, Framing.MAX_FRAME_BYTES).then(b -> Decoding.frame(b, "handoff-ready"));
        hello.setSoTimeout(0);
        if (frame instanceof Verdict.Rejected<Frame> r) {
            return fault == ClientFault.EOF_IS_SUCCESS && r.rejection().reason() == ReasonCode.TRUNCATED_FRAMING_BYTE;
        }
        Frame f = ((Verdict.Accepted<Frame>) frame).value();
        HandoffAck ack = Decoding.ack(f.getPayload()) instanceof Verdict.Accepted<HandoffAck> a ? a.value() : HandoffAck.getDefaultInstance();
        // the fault's blind spot: the field it never looks at is made right before the reference's check sees it
        if (fault == ClientFault.SKIPS_TOKEN_ECHO) {
            f = f.toBuilder().setPayload(ack.toBuilder().setToken(token.toByteString()).build().toByteString()).build();
        }
        if (fault == ClientFault.ADOPTS_REFUSED_RELAY) {
            f = f.toBuilder().setPayload(ack.toBuilder().setAccepted(true).build().toByteString()).build();
        }
        if (!(RelayCheck.check(f, token) instanceof Verdict.Accepted<HandoffAck>)) {
            return false;
        }
        return fault != ClientFault.CHECKS_CORRELATION || ack.getCorrelationId() == n.getConnectionId() && f.getRequestId() == n.getConnectionId();
    }
}
