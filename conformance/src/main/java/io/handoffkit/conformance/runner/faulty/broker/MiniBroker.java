package io.handoffkit.conformance.runner.faulty.broker;

import io.handoffkit.broker.HelloCheck;
import io.handoffkit.broker.HelloNegotiation;
import io.handoffkit.broker.HelloVerdict;
import io.handoffkit.proto.v1.Frame;
import io.handoffkit.proto.v1.FrameKind;
import io.handoffkit.proto.v1.HandoffAck;
import io.handoffkit.proto.v1.HandoffOffer;
import io.handoffkit.proto.v1.Hello;
import io.handoffkit.time.Clock;
import io.handoffkit.token.Token;
import io.handoffkit.transport.unix.Descriptors;
import io.handoffkit.wire.Decoding;
import io.handoffkit.wire.DeadlineInputStream;
import io.handoffkit.wire.Envelope;
import io.handoffkit.wire.FrameReader;
import io.handoffkit.wire.FrameWriter;
import io.handoffkit.wire.Framing;
import io.handoffkit.wire.HandoffFrames;
import io.handoffkit.wire.Verdict;
import java.io.FileDescriptor;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import org.newsclub.net.unix.AFUNIXServerSocket;
import org.newsclub.net.unix.AFUNIXSocket;
import org.newsclub.net.unix.AFUNIXSocketAddress;

/**
 * A small broker built from the reference's wire classes (Hello check, negotiation, frames), for
 * self-validation: correct with {@link BrokerFault#NONE}, otherwise wrong in exactly one rule.
 * One service ({@code echo}), handle passing on, every connection on its own thread.
 */
public final class MiniBroker implements AutoCloseable {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Token FIXED = Token.random(RANDOM);
    /** How long {@link BrokerFault#DIALS_BEFORE_NEGOTIATED} holds the dialled stream before it writes Negotiated. */
    private static final Duration CHECKING_THE_BACKEND = Duration.ofMillis(20);

    private final AFUNIXServerSocket server;
    private final Path backend;
    private final BrokerFault fault;
    private final Duration ackDeadline;
    private final Duration helloDeadline;
    private final ExecutorService clients = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "mini-broker-client");
        t.setDaemon(true);
        return t;
    });
    private final AtomicLong ids = new AtomicLong(1);

    private MiniBroker(AFUNIXServerSocket server, Path backend, BrokerFault fault, Duration ackDeadline, Duration helloDeadline) {
        this.server = server;
        this.backend = backend;
        this.fault = fault;
        this.ackDeadline = ackDeadline;
        this.helloDeadline = helloDeadline;
    }

    /** @param helloDeadline the bound on reading a client's Hello (BPROFILE-5) */
    public static MiniBroker start(Path socket, Path backend, BrokerFault fault, Duration ackDeadline, Duration helloDeadline) throws IOException {
        AFUNIXServerSocket server = AFUNIXServerSocket.newInstance();
        server.setDeleteOnClose(true);
        server.bind(AFUNIXSocketAddress.of(socket), 64);
        MiniBroker broker = new MiniBroker(server, backend, fault, ackDeadline, helloDeadline);
        Thread loop = new Thread(broker::acceptLoop, "mini-broker-" + fault);
        loop.setDaemon(true);
        loop.start();
        return broker;
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                AFUNIXSocket client = server.accept();
                if (fault == BrokerFault.SERVES_ONE_AT_A_TIME) {
                    serve(client);
                } else {
                    clients.execute(() -> serve(client));
                }
            } catch (IOException e) {
                // the next client, or closed
            }
        }
    }

    private void serve(AFUNIXSocket client) {
        boolean handedOff = false;
        try {
            handedOff = converse(client);
        } catch (IOException | RuntimeException e) {
            // the connection's turn ends
        } finally {
            if (!handedOff && fault == BrokerFault.SHUTS_DOWN_AFTER_FAILURE) {
                Descriptors.closeSocket(client);
            } else {
                try {
                    Descriptors.dropWithoutShutdown(client.getFileDescriptor());
                } catch (IOException e) {
                    // gone either way
                }
            }
        }
    }

    private boolean converse(AFUNIXSocket client) throws IOException {
        Clock clock = Clock.system();
        InputStream in = fault == BrokerFault.NO_HELLO_DEADLINE ? client.getInputStream()
                : new DeadlineInputStream(client.getInputStream(), clock, clock.nanos() + helloDeadline.toNanos(), client::setSoTimeout);
        long peerPid = fault == BrokerFault.IGNORES_PEER_PID ? 0 : Math.max(0, client.getPeerCredentials().getPid());
        HelloVerdict verdict = HelloCheck.read(in, "echo", peerPid);
        client.setSoTimeout(0);
        OutputStream out = client.getOutputStream();
        if (verdict instanceof HelloVerdict.Refused refused) {
            FrameWriter.write(out, HelloNegotiation.reply(refused));
            return true; // nothing failed: a refusal is no handoff
        }
        HelloVerdict.Accepted hello = (HelloVerdict.Accepted) verdict;
        Hello h = hello.hello();
        boolean bit0 = HelloNegotiation.asksForHandlePassing(h);
        if (fault == BrokerFault.TOKEN_WITHOUT_BIT0 && !bit0) {
            h = h.toBuilder().setClientCapabilities(HelloNegotiation.HANDLE_PASSING).build();
            bit0 = true;
        }
        long id = ids.getAndIncrement();
        Optional<Token> token = bit0 ? Optional.of(fault == BrokerFault.REUSES_TOKEN ? FIXED : Token.random(RANDOM)) : Optional.empty();
        Frame negotiated = HelloNegotiation.reply(HelloNegotiation.negotiated(h, id, backend.toString(), token), hello.frame());
        if (token.isEmpty()) {
            FrameWriter.write(out, negotiated);
            return true;
        }
        AFUNIXSocket stream;
        if (fault == BrokerFault.DIALS_BEFORE_NEGOTIATED) {
            // as a broker that makes sure the backend is there before it tells the client
            stream = AFUNIXSocket.connectTo(AFUNIXSocketAddress.of(backend));
            pause(CHECKING_THE_BACKEND);
            FrameWriter.write(out, negotiated);
        } else {
            FrameWriter.write(out, negotiated);
            stream = AFUNIXSocket.connectTo(AFUNIXSocketAddress.of(backend));
        }
        try {
            Optional<byte[]> relay = handoff(stream, client, token.get(), id);
            if (relay.isPresent()) {
                FrameWriter.writeBody(out, relay.get());
            }
            return relay.isPresent();
        } finally {
            Descriptors.closeSocket(stream);
        }
    }

    /** The sideband, the offer and the ACK on {@code stream}: the relay's frame body for an accepted ACK. */
    private Optional<byte[]> handoff(AFUNIXSocket stream, AFUNIXSocket client, Token token, long id) throws IOException {
        FileDescriptor fd = client.getFileDescriptor();
        stream.setOutboundFileDescriptors(fault == BrokerFault.TWO_DESCRIPTORS ? new FileDescriptor[] {fd, fd} : new FileDescriptor[] {fd});
        stream.getOutputStream().write(fault == BrokerFault.SIDEBAND_TOKEN_DIFFERS ? Token.random(RANDOM).toBytes() : token.toBytes());
        FrameWriter.write(stream.getOutputStream(), HandoffFrames.offer(HandoffOffer.newBuilder().setHandleValue(0)
                .setToken(token.toByteString()).setServiceName("echo").setCorrelationId(id).build()));
        Clock clock = Clock.system();
        long deadline = clock.nanos() + ackDeadline.toNanos();
        InputStream in = switch (fault) {
            case NO_ACK_DEADLINE -> stream.getInputStream();
            case ACCEPTS_LATE_ACK -> new DeadlineInputStream(stream.getInputStream(), clock, deadline + 3 * ackDeadline.toNanos(), stream::setSoTimeout);
            default -> new DeadlineInputStream(stream.getInputStream(), clock, deadline, stream::setSoTimeout);
        };
        Verdict<byte[]> body = FrameReader.read(in, Framing.MAX_FRAME_BYTES);
        long observed = clock.nanos();
        if (!(body instanceof Verdict.Accepted<byte[]> b) || !(Decoding.frame(b.value(), "HandoffAck") instanceof Verdict.Accepted<Frame> f)) {
            return Optional.empty();
        }
        if (judge(f.value(), token, id, observed <= deadline).isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(switch (fault) {
            case RELAYS_BACKEND_BYTES -> b.value();
            case RELAY_CORRELATION_ZERO -> HandoffFrames.readyFor(token.toByteString(), 0).toByteArray();
            default -> HandoffFrames.readyFor(token.toByteString(), id).toByteArray();
        });
    }

    private static void pause(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** ACK-1's order, each check but the faulty one. */
    private Optional<HandoffAck> judge(Frame frame, Token token, long id, boolean inTime) {
        if (Envelope.validate(frame, FrameKind.FRAME_KIND_RESPONSE).isPresent() || frame.getRequestId() != id
                || !(Decoding.ack(frame.getPayload()) instanceof Verdict.Accepted<HandoffAck> a)) {
            return Optional.empty();
        }
        HandoffAck ack = a.value();
        boolean ok = (ack.getCorrelationId() == id || fault == BrokerFault.SKIPS_ACK_CORRELATION)
                && (token.matches(ack.getToken()) || fault == BrokerFault.SKIPS_TOKEN_ECHO)
                && (ack.getAccepted() || fault == BrokerFault.RELAYS_ON_REFUSAL)
                && (inTime || fault == BrokerFault.ACCEPTS_LATE_ACK);
        return ok ? Optional.of(ack) : Optional.empty();
    }

    @Override
    public void close() throws IOException {
        server.close();
        clients.shutdownNow();
    }
}
