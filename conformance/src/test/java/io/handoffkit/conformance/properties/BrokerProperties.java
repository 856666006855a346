package io.handoffkit.conformance.properties;

import static io.handoffkit.conformance.properties.Suite.check;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import io.handoffkit.broker.FailureRateLimit;
import io.handoffkit.broker.HelloNegotiation;
import io.handoffkit.client.ClientHello;
import io.handoffkit.client.HelloReplyCheck;
import io.handoffkit.client.RelayWait;
import io.handoffkit.conformance.Proves;
import io.handoffkit.conformance.property.Coverage;
import io.handoffkit.conformance.property.Property;
import io.handoffkit.conformance.property.PropertyAssertionError;
import io.handoffkit.proto.v1.ErrorCode;
import io.handoffkit.proto.v1.Hello;
import io.handoffkit.proto.v1.HelloReply;
import io.handoffkit.proto.v1.Negotiated;
import io.handoffkit.token.Token;
import io.handoffkit.token.TokenStore;
import io.handoffkit.transport.unix.BackendEvent;
import io.handoffkit.transport.unix.ClientOutcome;
import io.handoffkit.transport.unix.ClientReport;
import io.handoffkit.transport.unix.Descriptors;
import io.handoffkit.transport.unix.ExpectedTokenPolicy;
import io.handoffkit.transport.unix.HandoffReport;
import io.handoffkit.transport.unix.ReferenceBroker;
import io.handoffkit.transport.unix.ServiceHandler;
import io.handoffkit.transport.unix.SidebandTokenPolicy;
import io.handoffkit.transport.unix.UnixHandoffBackend;
import io.handoffkit.wire.ControlFrames;
import io.handoffkit.wire.FrameWriter;
import io.handoffkit.wire.HandoffFrames;
import io.handoffkit.wire.Verdict;
import java.io.File;
import java.io.FileDescriptor;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.newsclub.net.unix.AFUNIXSocket;
import org.newsclub.net.unix.AFUNIXSocketAddress;
import org.newsclub.net.unix.FileDescriptorCast;

/**
 * SPEC §12 and Appendix B over real Unix sockets in this JVM: the reference broker between this
 * property (the clients) and the reference backend, whose expected-token policy and service handler
 * record what arrived and refuse where the try says so. Each try starts a broker (without a failure
 * limit, or pausing handoffs after one failure) on the socket path it is given, dialling the
 * backend's path, and sends it one to four clients: Hellos with and without capability bit 0, for
 * another service, garbage, hang-ups. What the property sees is what a runner playing client and
 * backend sees, plus, in this one process, who still holds the client connection's descriptor.
 */
@EnabledOnOs({OS.LINUX})
@DisplayName("Reference broker over real sockets (HELLO-3, NEG-3..NEG-5, BROKER, BPROFILE)")
class BrokerProperties {

    private static final String SERVICE = "echo";
    private static final Duration WITHIN = Duration.ofSeconds(5);
    private static final SecureRandom RANDOM = new SecureRandom();

    enum Visit { HANDLE_PASSING, NO_HANDLE_PASSING, UNKNOWN_SERVICE, GARBAGE, HANG_UP }

    /** One client: what it sends, and whether the backend accepts its handoff. */
    record Client(Visit visit, boolean backendAccepts, long requestId) {}

    /** One try: a broker that pauses handoffs after one failure (POLICY-2) or never, and its clients in turn. */
    record Try(boolean pausesAfterFailure, List<Client> clients) {}

    /** What the backend saw of one handoff: the sideband token, whether Negotiated was waiting at the client by then. */
    record Sideband(Token token, boolean negotiatedFirst) {}

    /** An adopted connection: the offer's service and correlation id, its mode, and its socket's /proc link. */
    record Adoption(String service, long correlationId, Optional<Boolean> nonBlocking, String link) {}

    private static Path dir;
    private static UnixHandoffBackend backend;
    private static final BlockingQueue<Sideband> SIDEBANDS = new LinkedBlockingQueue<>();
    private static final BlockingQueue<Adoption> ADOPTIONS = new LinkedBlockingQueue<>();
    private static final BlockingQueue<HandoffReport> HANDOFFS = new LinkedBlockingQueue<>();
    private static final Set<Token> NEGOTIATED = ConcurrentHashMap.newKeySet();
    private static final AtomicInteger BROKERS = new AtomicInteger();
    private static volatile AFUNIXSocket currentClient;
    private static volatile boolean refuseNext;

    /** Records the sideband; makes the handoff's expected token another one when the try wants a refusal (TOKEN_NOT_PENDING). */
    private static final class RecordingPolicy implements ExpectedTokenPolicy {
        private final SidebandTokenPolicy delegate = new SidebandTokenPolicy();

        @Override
        public TokenStore tokens() {
            return delegate.tokens();
        }

        @Override
        public Expectation expect(Token sideband, long nowNanos) {
            boolean waiting;
            try {
                waiting = currentClient.getInputStream().available() > 0;
            } catch (IOException | RuntimeException e) {
                waiting = false;
            }
            SIDEBANDS.add(new Sideband(sideband, waiting));
            return refuseNext ? new Expectation(Token.random(RANDOM), false) : delegate.expect(sideband, nowNanos);
        }

        @Override
        public void finished(Expectation expectation) {
            delegate.finished(expectation);
        }
    }

    @BeforeAll
    static void startBackend() throws IOException {
        dir = Files.createTempDirectory(Path.of("/tmp"), "hkb");
        ServiceHandler recording = connection -> {
            FileDescriptor fd = connection.socket().getFileDescriptor();
            ADOPTIONS.add(new Adoption(connection.serviceName(), connection.correlationId(), Descriptors.nonBlocking(fd), link(fd)));
            ServiceHandler.echo().serve(connection);
        };
        backend = UnixHandoffBackend.builder(dir.resolve("backend.sock"))
                .expectedTokenPolicy(new RecordingPolicy()).serviceHandler(recording).listener(HANDOFFS::add).start();
    }

    @AfterAll
    static void stopBackend() throws IOException {
        backend.close();
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    static Try generate(FuzzedDataProvider data) {
        List<Client> clients = new ArrayList<>();
        int n = data.consumeInt(1, 4);
        for (int i = 0; i < n; i++) {
            Visit visit = data.consumeInt(0, 2) > 0 ? Visit.HANDLE_PASSING : data.pickValue(Visit.values());
            clients.add(new Client(visit, data.consumeBoolean(), data.consumeLong()));
        }
        return new Try(data.consumeInt(0, 3) == 0, clients);
    }

    @Test
    @DisplayName("BROKER-1..BROKER-6 BROKER-8 NEG-3 NEG-4 NEG-5 BPROFILE-1..BPROFILE-3 clients with and without bit 0, refused Hellos, hang-ups, accepted and refused handoffs: token and bit 0 together; the sideband is the negotiated token with the client's connection; the offer and the relay carry connection_id; a relay only after acceptance; afterwards the broker holds no copy, and a fallback ends in end of stream")
    @Proves({"HELLO-3", "NEG-3", "NEG-4", "NEG-5", "BROKER-1", "BROKER-2", "BROKER-3", "BROKER-4", "BROKER-5", "BROKER-6", "BROKER-8",
            "BPROFILE-1", "BPROFILE-2", "BPROFILE-3", "HELLO-12", "TOKEN-1"})
    void aroundTheHandoff() {
        check(Property.forAll("the reference broker around the handoff", BrokerProperties::generate)
                .requireLabels("handed off", "fell back", "paused: no token", "without bit 0", "refused Hello", "hang-up",
                        "three or more clients")
                .check(BrokerProperties::run));
    }

    private static void run(Try t, Coverage coverage) throws Exception {
        SIDEBANDS.clear();
        ADOPTIONS.clear();
        HANDOFFS.clear();
        BlockingQueue<ClientReport> reports = new LinkedBlockingQueue<>();
        Path socket = dir.resolve("broker-" + BROKERS.incrementAndGet() + ".sock");
        ReferenceBroker broker = ReferenceBroker.builder(socket, backend.socketPath())
                .service(SERVICE)
                .failureLimit(t.pausesAfterFailure() ? new FailureRateLimit(1, Duration.ofHours(1)) : FailureRateLimit.unlimited())
                .listener(reports::add)
                .start();
        if (t.clients().size() >= 3) {
            coverage.label("three or more clients");
        }
        try {
            boolean failedBefore = false;
            for (Client client : t.clients()) {
                boolean failed = visit(broker, client, t.pausesAfterFailure() && failedBefore, reports, coverage);
                failedBefore |= failed;
            }
        } finally {
            broker.close();
        }
        PropertyAssertionError.check(!Files.exists(socket), "BPROFILE-1: the broker removes its socket", socket.toString());
        PropertyAssertionError.check(broker.stats().pendingTokens() == 0 && broker.stats().pendingAcks() == 0,
                "ORCH-3: nothing pending", broker.stats().toString());
    }

    /** One client against {@code broker}; true when its handoff failed (which pauses a pausing broker). */
    private static boolean visit(ReferenceBroker broker, Client client, boolean paused, BlockingQueue<ClientReport> reports,
            Coverage coverage) throws Exception {
        int sidebandsBefore = SIDEBANDS.size();
        switch (client.visit()) {
            case HANG_UP -> {
                connect(broker).close();
                coverage.label("hang-up");
                report(reports);
            }
            case GARBAGE, UNKNOWN_SERVICE -> {
                try (AFUNIXSocket socket = connect(broker)) {
                    byte[] wire = client.visit() == Visit.GARBAGE ? new byte[] {7, 0, 0, 0, 0}
                            : FrameWriter.encode(ControlFrames.hello(hello(true).toBuilder().setServiceName("other").build(), client.requestId()));
                    write(socket, wire);
                    HelloReply reply = reply(socket);
                    ErrorCode expected = client.visit() == Visit.GARBAGE ? ErrorCode.ERROR_VERSION_UNSUPPORTED : ErrorCode.ERROR_SERVICE_UNKNOWN;
                    PropertyAssertionError.check(reply.hasRefused() && reply.getRefused().getCode() == expected, "HELLO-12: refused", reply.toString());
                    expectEndOfStream(socket, "BROKER-6: after a Refused");
                }
                coverage.label("refused Hello");
                report(reports);
            }
            case NO_HANDLE_PASSING -> {
                try (AFUNIXSocket socket = hello(broker, hello(false), client)) {
                    Negotiated n = negotiated(socket);
                    expectNoHandlePassing(n, "NEG-3: no bit 0 asked, none given");
                    expectEndOfStream(socket, "BROKER-6: after a Negotiated without a handoff");
                }
                coverage.label("without bit 0");
                report(reports);
            }
            case HANDLE_PASSING -> {
                return handlePassing(broker, client, paused, reports, coverage);
            }
        }
        PropertyAssertionError.check(SIDEBANDS.size() == sidebandsBefore, "BROKER-1: no handoff without a negotiated token",
                client.visit() + " reached the backend");
        return false;
    }

    private static boolean handlePassing(ReferenceBroker broker, Client client, boolean paused, BlockingQueue<ClientReport> reports,
            Coverage coverage) throws Exception {
        refuseNext = !client.backendAccepts();
        try (AFUNIXSocket socket = hello(broker, hello(true), client)) {
            // NEG-5: the reply is read only once the backend has the sideband, so it must be waiting at the client by then
            Optional<Sideband> sideband = paused ? Optional.empty() : Optional.of(poll(SIDEBANDS, "BROKER-1: the handoff follows a negotiated token"));
            Negotiated n = negotiated(socket);
            if (paused) {
                expectNoHandlePassing(n, "NEG-3: no token could be issued (handoffs paused), so no bit 0");
                expectEndOfStream(socket, "BROKER-6: after a Negotiated without a handoff");
                PropertyAssertionError.check(SIDEBANDS.isEmpty(), "BROKER-1: no handoff without a token", "a sideband arrived");
                coverage.label("paused: no token");
                report(reports);
                return false;
            }
            Token token = Token.of(n.getHandlePassedToken()).orElseThrow(() -> new PropertyAssertionError("NEG-3: a 16-byte token",
                    "BPROFILE-2: a Hello with bit 0 got " + n));
            PropertyAssertionError.check((n.getServerCapabilities() & HelloNegotiation.HANDLE_PASSING) != 0, "NEG-3: bit 0 with the token", n.toString());
            PropertyAssertionError.check(NEGOTIATED.add(token), "NEG-3 TOKEN-1: a token never seen before", "a repeated token");
            PropertyAssertionError.check(sideband.get().token().equals(token), "BROKER-2: the sideband is the negotiated token", "another token");
            PropertyAssertionError.check(sideband.get().negotiatedFirst(), "NEG-5: Negotiated reached the client before the dial", "nothing waiting");
            HandoffReport handoff = poll(HANDOFFS, "the backend's judgement");
            BackendEvent expected = client.backendAccepts() ? BackendEvent.ACCEPTED : BackendEvent.REFUSED;
            PropertyAssertionError.check(handoff.event() == expected, "BROKER-2 BROKER-3: one descriptor and a well-formed offer", handoff.toString());
            if (!client.backendAccepts()) {
                expectEndOfStream(socket, "BROKER-4 BROKER-6 BPROFILE-3: no relay after a refusal, then end of stream");
                PropertyAssertionError.check(report(reports).outcome() == ClientOutcome.FELL_BACK, "BROKER-4: a fallback", "not a fallback");
                coverage.label("fell back");
                return true;
            }
            RelayWait.Outcome outcome = RelayWait.await(socket, token);
            PropertyAssertionError.check(outcome instanceof RelayWait.Outcome.Adopted, "BROKER-4: the relay after acceptance", outcome.toString());
            PropertyAssertionError.check(((RelayWait.Outcome.Adopted) outcome).ack().toByteString()
                            .equals(HandoffFrames.readyFor(token.toByteString(), n.getConnectionId()).getPayload()),
                    "BROKER-4 NEG-4: the canonical relay, correlated by connection_id", outcome.toString());
            Adoption adoption = poll(ADOPTIONS, "the adoption");
            PropertyAssertionError.check(adoption.service().equals(SERVICE) && adoption.correlationId() == n.getConnectionId(),
                    "BROKER-3 NEG-4: the offer's service and correlation id", adoption.toString());
            PropertyAssertionError.check(adoption.nonBlocking().equals(Optional.of(false)), "BROKER-2: passed in blocking mode", adoption.toString());
            PropertyAssertionError.check(report(reports).outcome() == ClientOutcome.HANDED_OFF, "BROKER-4: handed off", "not handed off");
            PropertyAssertionError.check(holders(adoption.link()) == 1, "BROKER-5: the broker dropped its copy; only the backend's remains",
                    holders(adoption.link()) + " descriptors of " + adoption.link());
            echo(socket);
            coverage.label("handed off");
            return false;
        } finally {
            refuseNext = false;
        }
    }

    // ---- the client's side

    private static Hello hello(boolean handlePassing) {
        return ClientHello.of(SERVICE, "1.0.0", handlePassing);
    }

    private static AFUNIXSocket connect(ReferenceBroker broker) throws IOException {
        AFUNIXSocket socket = AFUNIXSocket.connectTo(AFUNIXSocketAddress.of(broker.socketPath()));
        currentClient = socket;
        return socket;
    }

    private static AFUNIXSocket hello(ReferenceBroker broker, Hello hello, Client client) throws IOException {
        AFUNIXSocket socket = connect(broker);
        write(socket, FrameWriter.encode(ControlFrames.hello(hello, client.requestId())));
        return socket;
    }

    private static void write(AFUNIXSocket socket, byte[] bytes) throws IOException {
        OutputStream out = socket.getOutputStream();
        out.write(bytes);
        out.flush();
    }

    private static HelloReply reply(AFUNIXSocket socket) throws IOException {
        socket.setSoTimeout((int) WITHIN.toMillis());
        Verdict<HelloReply> reply = HelloReplyCheck.read(socket.getInputStream());
        PropertyAssertionError.check(reply.accepted(), "NEG-1: a reply the client reads", reply.toString());
        return ((Verdict.Accepted<HelloReply>) reply).value();
    }

    private static Negotiated negotiated(AFUNIXSocket socket) throws IOException {
        HelloReply reply = reply(socket);
        PropertyAssertionError.check(reply.hasNegotiated(), "NEG-2: negotiated", reply.toString());
        return reply.getNegotiated();
    }

    private static void expectNoHandlePassing(Negotiated n, String signature) {
        PropertyAssertionError.check(n.getHandlePassedToken().isEmpty() && (n.getServerCapabilities() & HelloNegotiation.HANDLE_PASSING) == 0,
                signature, n.toString());
    }

    /** No byte, then end of stream (or a reset, which Linux reports when the broker closed with the client's bytes unread). */
    private static void expectEndOfStream(AFUNIXSocket socket, String signature) throws IOException {
        socket.setSoTimeout((int) WITHIN.toMillis());
        InputStream in = socket.getInputStream();
        int b;
        try {
            b = in.read();
        } catch (SocketTimeoutException e) {
            throw new PropertyAssertionError(signature, "the connection stayed open");
        } catch (SocketException e) {
            b = -1;
        }
        PropertyAssertionError.check(b < 0, signature, "a byte arrived: " + b);
    }

    private static void echo(AFUNIXSocket socket) throws IOException {
        byte[] probe = new byte[8];
        RANDOM.nextBytes(probe);
        write(socket, probe);
        socket.setSoTimeout((int) WITHIN.toMillis());
        PropertyAssertionError.check(Arrays.equals(probe, socket.getInputStream().readNBytes(probe.length)),
                "BROKER-2: the backend serves the client's very connection", "no echo");
    }

    private static ClientReport report(BlockingQueue<ClientReport> reports) throws InterruptedException {
        return poll(reports, "BROKER-8: the broker let the client go");
    }

    private static <T> T poll(BlockingQueue<T> queue, String signature) throws InterruptedException {
        T value = queue.poll(WITHIN.toMillis(), TimeUnit.MILLISECONDS);
        PropertyAssertionError.check(value != null, signature, "nothing within " + WITHIN);
        return value;
    }

    // ---- who holds the connection (this process holds broker and backend)

    /** The /proc link of a descriptor, {@code socket:[inode]}. */
    private static String link(FileDescriptor fd) throws IOException {
        return Files.readSymbolicLink(Path.of("/proc/self/fd", Integer.toString(FileDescriptorCast.using(fd).as(Integer.class)))).toString();
    }

    /** How many descriptors of this process refer to the socket behind {@code link}. */
    private static long holders(String link) {
        File[] fds = new File("/proc/self/fd").listFiles();
        return fds == null ? -1 : Arrays.stream(fds).filter(f -> {
            try {
                return Files.readSymbolicLink(f.toPath()).toString().equals(link);
            } catch (IOException e) {
                return false;
            }
        }).count();
    }
}
