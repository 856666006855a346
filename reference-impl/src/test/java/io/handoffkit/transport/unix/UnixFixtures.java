package io.handoffkit.transport.unix;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import com.google.protobuf.ByteString;
import io.handoffkit.ack.AckRegistry;
import io.handoffkit.broker.FailureRateLimit;
import io.handoffkit.broker.FallbackPolicy;
import io.handoffkit.broker.HandoffRequest;
import io.handoffkit.client.ClientHello;
import io.handoffkit.client.HelloReplyCheck;
import io.handoffkit.proto.v1.Frame;
import io.handoffkit.proto.v1.FrameKind;
import io.handoffkit.proto.v1.HandoffOffer;
import io.handoffkit.proto.v1.Hello;
import io.handoffkit.proto.v1.HelloReply;
import io.handoffkit.proto.v1.Negotiated;
import io.handoffkit.time.Clock;
import io.handoffkit.token.Token;
import io.handoffkit.token.TokenStore;
import io.handoffkit.wire.ControlFrames;
import io.handoffkit.wire.Decoding;
import io.handoffkit.wire.FrameReader;
import io.handoffkit.wire.FrameWriter;
import io.handoffkit.wire.Framing;
import io.handoffkit.wire.HandoffFrames;
import io.handoffkit.wire.Verdict;
import java.io.FileDescriptor;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Comparator;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.newsclub.net.unix.AFUNIXServerSocket;
import org.newsclub.net.unix.AFUNIXSocket;
import org.newsclub.net.unix.AFUNIXSocketAddress;
import org.newsclub.net.unix.AFUNIXSocketChannel;

/** Real sockets for the transport tests: client connections, a hand-driven broker, Negotiated frames. */
final class UnixFixtures {

    static final String SERVICE = "echo";
    static final SecureRandom RANDOM = new SecureRandom();
    private static final AtomicLong CORRELATION = new AtomicLong(1000);

    private UnixFixtures() {}

    /** A short directory under /tmp: a Unix socket path must stay under 108 bytes. */
    static Path socketDir() throws IOException {
        return Files.createTempDirectory(Path.of("/tmp"), "hk");
    }

    static void deleteTree(Path dir) throws IOException {
        if (dir == null || !Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    static long nextCorrelationId() {
        return CORRELATION.incrementAndGet();
    }

    static HandoffRequest request(long backendPid) {
        return new HandoffRequest(SERVICE, backendPid, nextCorrelationId(), true);
    }

    /** A broker handoff with the given ACK deadline and no rate limit (tests fail handoffs on purpose). */
    static UnixBrokerHandoff broker(Duration ackDeadline) {
        TokenStore tokens = new TokenStore();
        FallbackPolicy unlimited = new FallbackPolicy(FailureRateLimit.unlimited());
        return new UnixBrokerHandoff(tokens, new AckRegistry(tokens, ackDeadline), unlimited, Clock.system());
    }

    /** The broker's listening socket for client connections. */
    static final class BrokerListener implements AutoCloseable {
        private final AFUNIXServerSocket server;
        private final AFUNIXSocketAddress address;

        BrokerListener(Path path) throws IOException {
            this.address = AFUNIXSocketAddress.of(path);
            this.server = AFUNIXServerSocket.newInstance();
            server.setDeleteOnClose(true);
            server.bind(address, 128);
        }

        /** A client connects; the broker accepts: both ends of one real client connection. */
        ClientConnection connect() throws IOException {
            AFUNIXSocket client = AFUNIXSocket.connectTo(address);
            return new ClientConnection(client, server.accept());
        }

        @Override
        public void close() throws IOException {
            server.close();
        }
    }

    /** The two ends of one client connection: the client's and the broker's. */
    record ClientConnection(AFUNIXSocket client, AFUNIXSocket brokerSide) implements AutoCloseable {

        FileDescriptor brokerDescriptor() {
            try {
                return brokerSide.getFileDescriptor();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        /** Bytes flow both ways between client and broker. */
        void assertWorksBothWays() throws IOException {
            roundTrip(client, brokerSide, "client->broker");
            roundTrip(brokerSide, client, "broker->client");
        }

        /** The broker closes only its own descriptor; true when the client then sees end of stream, i.e. nobody else holds the connection. */
        boolean clientSeesEofAfterBrokerDrops(Duration within) throws IOException {
            Descriptors.dropWithoutShutdown(brokerDescriptor());
            client.setSoTimeout((int) within.toMillis());
            try {
                return client.getInputStream().read() < 0;
            } catch (SocketTimeoutException e) {
                return false;
            }
        }

        @Override
        public void close() {
            closeQuietly(client);
            closeQuietly(brokerSide);
        }
    }

    static void roundTrip(AFUNIXSocket from, AFUNIXSocket to, String what) throws IOException {
        byte[] message = new byte[12];
        RANDOM.nextBytes(message);
        from.getOutputStream().write(message);
        from.getOutputStream().flush();
        to.setSoTimeout(2000);
        assertArrayEquals(message, to.getInputStream().readNBytes(message.length), what);
    }

    /** The client says something and reads it back: the backend's echo service answered on this connection. */
    static void assertEchoes(AFUNIXSocket client) throws IOException {
        byte[] message = new byte[16];
        RANDOM.nextBytes(message);
        client.getOutputStream().write(message);
        client.getOutputStream().flush();
        client.setSoTimeout(5000);
        assertArrayEquals(message, client.getInputStream().readNBytes(message.length), "echo from the backend");
    }

    /**
     * This process's descriptor count once sockets that earlier tests dropped without closing have
     * been collected (junixsocket closes an unreachable socket's descriptor from a cleaner). Take
     * only a baseline this way: a count after the run taken as is shows a leak that relies on the
     * garbage collector too.
     */
    static int settledDescriptorCount() throws InterruptedException {
        int previous = -1;
        for (int i = 0; i < 20; i++) {
            System.gc();
            Thread.sleep(50);
            int now = Descriptors.countOpen();
            if (now == previous) {
                return now;
            }
            previous = now;
        }
        return previous;
    }

    static void closeQuietly(AutoCloseable c) {
        try {
            if (c != null) {
                c.close();
            }
        } catch (Exception e) {
            // test cleanup
        }
    }

    // ---- Negotiated: how these tests' broker tells the client its token (the kit leaves Hello framing to the broker)

    /** Writes HelloReply{Negotiated{handle_passed_token}} to the client, framed like every frame. */
    static TokenAnnouncement negotiatedTo(AFUNIXSocket brokerSide) {
        return token -> {
            HelloReply reply = HelloReply.newBuilder().setNegotiated(Negotiated.newBuilder()
                    .setNegotiatedProtocol(1)
                    .setBackendPipe("/nonexistent/backend.pipe")
                    .setServerCapabilities(1)
                    .setHandlePassedToken(token.toByteString())).build();
            FrameWriter.write(brokerSide.getOutputStream(), Frame.newBuilder()
                    .setEnvelopeVersion(1)
                    .setKind(FrameKind.FRAME_KIND_RESPONSE)
                    .setPayload(reply.toByteString())
                    .build());
        };
    }

    /** The client reads the Negotiated reply and keeps its token. */
    static Token readNegotiated(AFUNIXSocket client) throws IOException {
        client.setSoTimeout(5000);
        Verdict<byte[]> body = FrameReader.read(client.getInputStream(), Framing.MAX_HELLO_FRAME_BYTES);
        Frame frame = ((Verdict.Accepted<Frame>) body.then(b -> Decoding.frame(b, "HelloReply"))).value();
        return Token.of(HelloReply.parseFrom(frame.getPayload()).getNegotiated().getHandlePassedToken()).orElseThrow();
    }

    // ---- a client of a broker that reads Hellos (the reference broker)

    /** The client's Hello for {@link #SERVICE} (HELLO-2), with or without capability bit 0. */
    static Hello hello(boolean handlePassing) {
        return ClientHello.of(SERVICE, "1.0.0", handlePassing);
    }

    /** Connect to the broker at {@code broker} and send {@code hello} in a frame with {@code requestId}. */
    static AFUNIXSocket sayHello(Path broker, Hello hello, long requestId) throws IOException {
        AFUNIXSocket client = dial(broker);
        write(client, FrameWriter.encode(ControlFrames.hello(hello, requestId)));
        return client;
    }

    /** The broker's reply frame (NEG-1 checked by {@link HelloReplyCheck}), read within 5 s. */
    static Frame readReplyFrame(AFUNIXSocket client) throws IOException {
        client.setSoTimeout(5000);
        Verdict<byte[]> body = FrameReader.read(client.getInputStream(), Framing.MAX_FRAME_BYTES);
        Verdict<Frame> frame = body.then(b -> Decoding.frame(b, "HelloReply"));
        assertInstanceOf(Verdict.Accepted.class, frame.then(HelloReplyCheck::check), frame.toString());
        return ((Verdict.Accepted<Frame>) frame).value();
    }

    static HelloReply reply(Frame frame) throws IOException {
        return HelloReply.parseFrom(frame.getPayload());
    }

    // ---- a broker driven by hand, to send what a correct broker never would

    static AFUNIXSocket dial(Path backend) throws IOException {
        return AFUNIXSocket.connectTo(AFUNIXSocketAddress.of(backend));
    }

    /** One sendmsg carrying {@code bytes} and exactly {@code fds} as SCM_RIGHTS (none when empty). */
    static void sendSideband(AFUNIXSocket handoff, byte[] bytes, FileDescriptor... fds) throws IOException {
        AFUNIXSocketChannel channel = handoff.getChannel();
        if (fds.length > 0) {
            channel.setOutboundFileDescriptors(fds);
        }
        int sent = channel.write(ByteBuffer.wrap(bytes));
        assertEquals(bytes.length, sent, "the sideband went out in one send");
    }

    static byte[] offerFrame(Token token, long correlationId) throws IOException {
        return offerFrame(token.toByteString(), correlationId);
    }

    static byte[] offerFrame(ByteString token, long correlationId) throws IOException {
        return FrameWriter.encode(HandoffFrames.offer(HandoffOffer.newBuilder()
                .setToken(token)
                .setServiceName(SERVICE)
                .setCorrelationId(correlationId)
                .build()));
    }

    static void write(AFUNIXSocket socket, byte[] bytes) throws IOException {
        OutputStream out = socket.getOutputStream();
        out.write(bytes);
        out.flush();
    }

    /**
     * Reads until the peer dropped the stream (end of stream, or a reset: Linux resets a Unix stream
     * whose peer closed with unread bytes), at most {@code within}; the bytes read before, or null
     * when the stream stayed open.
     */
    static byte[] readToEof(AFUNIXSocket socket, Duration within) throws IOException {
        socket.setSoTimeout((int) within.toMillis());
        InputStream in = socket.getInputStream();
        java.io.ByteArrayOutputStream got = new java.io.ByteArrayOutputStream();
        byte[] buffer = new byte[256];
        try {
            for (int n; (n = in.read(buffer)) >= 0; ) {
                got.write(buffer, 0, n);
            }
        } catch (SocketTimeoutException e) {
            return null;
        } catch (java.net.SocketException e) {
            if (!String.valueOf(e.getMessage()).contains("reset")) {
                throw e;
            }
        }
        return got.toByteArray();
    }
}
