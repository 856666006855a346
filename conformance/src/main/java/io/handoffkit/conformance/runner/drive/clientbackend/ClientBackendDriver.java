package io.handoffkit.conformance.runner.drive.clientbackend;

import io.handoffkit.conformance.runner.drive.DescriptorProbes;
import io.handoffkit.conformance.runner.drive.Driver;
import io.handoffkit.conformance.runner.drive.PidNamespaces;
import io.handoffkit.conformance.runner.drive.ReceivedFrame;
import io.handoffkit.conformance.runner.drive.RecordedSocket;
import io.handoffkit.conformance.runner.drive.RunnerListening;
import io.handoffkit.conformance.runner.model.Durations;
import io.handoffkit.conformance.runner.model.Endpoints;
import io.handoffkit.conformance.runner.model.Errors;
import io.handoffkit.conformance.runner.model.ProtocolRole;
import io.handoffkit.conformance.runner.model.Timing;
import io.handoffkit.conformance.runner.model.Transcript;
import io.handoffkit.conformance.runner.model.Transcript.Channel;
import io.handoffkit.proto.v1.HandoffOffer;
import io.handoffkit.proto.v1.HelloReply;
import io.handoffkit.transport.unix.Descriptors;
import io.handoffkit.wire.Decoding;
import io.handoffkit.wire.Framing;
import io.handoffkit.wire.Verdict;
import java.io.FileDescriptor;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.newsclub.net.unix.AFUNIXSocket;
import org.newsclub.net.unix.FileDescriptorCast;

/**
 * The runner as client and backend at once, testing a broker (SPEC.md Appendix B): it binds
 * {@code {backend}}, connects to {@code {socket}} as a client and sends a Hello, reads the reply; as
 * the backend it accepts the broker's handoff stream, receives the sideband (16 bytes and every
 * descriptor), checks that the descriptor is the client's connection (probe bytes both ways) and
 * its mode, reads the offer and answers as the exchange says; then it watches the client end: the
 * relay, or no byte and end of stream once it dropped its own copy (BPROFILE-3). Every byte and
 * event is in the transcript: {@code client end}, {@code handoff connection}, {@code backend's copy}.
 *
 * <p>Bounds: {@link Timing#closeBound()} for each answer of the broker (BPROFILE-4's 1 s),
 * {@link Timing#ackTimeout()} is the broker's ACK deadline (what a silent backend costs).
 */
public final class ClientBackendDriver implements Driver<Exchange, Observed> {

    /** How long the runner waits for a dial it does not expect (a broker that dials without a token). */
    static final Duration UNEXPECTED_DIAL = Duration.ofMillis(150);
    /** How long the client end must stay open while the runner holds its copy after a failed handoff. */
    static final Duration NO_SHUTDOWN = Duration.ofMillis(150);
    private static final int TOKEN_BYTES = 16;
    /** How long an oversized Hello's header waits for a refusal before its body follows. */
    static final Duration HEADER_PAUSE = Duration.ofMillis(100);
    /** How long the runner looks at the first handoff stream to see whether the broker still holds it. */
    private static final Duration OPEN_POLL = Duration.ofMillis(1);

    private final Path socket;
    private final ServerSocket backend;
    private final Timing timing;
    private final Transcript transcript;

    /** @param backend where the runner listens as the backend, bound for the whole run */
    public ClientBackendDriver(Path socket, ServerSocket backend, Timing timing, Transcript transcript) {
        this.socket = socket;
        this.backend = backend;
        this.timing = timing;
        this.transcript = transcript;
    }

    /** On a target's endpoints {@code socket} and {@code backend} (which the target bound). */
    public static ClientBackendDriver at(Endpoints at, Timing timing, Transcript transcript) {
        ServerSocket backend = at.listening("backend")
                .orElseThrow(() -> new IllegalStateException("the runner does not listen on {backend} " + at.path("backend")));
        return new ClientBackendDriver(at.path("socket"), backend, timing, transcript);
    }

    @Override
    public Set<ProtocolRole> plays() {
        return Set.of(ProtocolRole.CLIENT, ProtocolRole.BACKEND);
    }

    @Override
    public Transcript transcript() {
        return transcript;
    }

    @Override
    public Observed play(Exchange exchange) throws IOException {
        transcript.nextHandoff();
        dropLeftoverDials();
        try (RecordedSocket client = RecordedSocket.connect(socket, Channel.CLIENT, transcript, "the broker")) {
            return exchange(client, exchange);
        }
    }

    /**
     * A dial still queued from an earlier exchange (a broker that dialled late, or for a second
     * client) is not this exchange's: it is closed before the Hello, so it cannot pass for this one.
     */
    private void dropLeftoverDials() throws IOException {
        RunnerListening.dropQueued(backend, transcript, Channel.RUNNER, "a dial of {backend} left over from an earlier exchange is closed");
    }

    private Observed exchange(RecordedSocket client, Exchange exchange) throws IOException {
        Optional<Boolean> sharesPidNamespace = PidNamespaces.sharedWithPeer(client.socket());
        long start = System.nanoTime();
        switch (exchange.delivery()) {
            case WHOLE -> sendHello(client, exchange);
            case CUT_SHORT -> cutShort(client, exchange);
            case TRICKLED -> trickle(client, exchange);
        }
        Optional<Dial> early = dialBeforeReply(client);
        ReceivedFrame reply = client.readFrame(new byte[0], timing.closeBound(), start, "HelloReply");
        Optional<HelloReply> helloReply = reply instanceof ReceivedFrame.Decoded d ? decoded(Decoding.helloReply(d.frame().getPayload())) : Optional.empty();
        boolean token = helloReply.filter(HelloReply::hasNegotiated).map(r -> !r.getNegotiated().getHandlePassedToken().isEmpty()).orElse(false);
        boolean negotiated = helloReply.map(HelloReply::hasNegotiated).orElse(false);
        Duration dialWait = token ? timing.closeBound() : negotiated ? UNEXPECTED_DIAL : Duration.ZERO;
        Optional<AFUNIXSocket> dialled = early.isPresent() ? early.map(Dial::socket) : accept(dialWait);
        if (dialled.isEmpty()) {
            if (token) {
                transcript.note(Channel.RUNNER, "the broker did not dial {backend} within " + Durations.format(dialWait));
            }
            ReceivedFrame after = client.readFrame(new byte[0], timing.closeBound(), System.nanoTime(), "HandoffAck");
            RecordedSocket.End end = after instanceof ReceivedFrame.Closed ? RecordedSocket.End.END : client.readEnd(timing.closeBound());
            return new Observed(reply, helloReply, Optional.empty(), after, Optional.empty(), Optional.empty(), Optional.empty(), end,
                    Optional.empty(), false, sharesPidNamespace);
        }
        return handoff(dialled.get(), client, exchange, reply, helloReply, early.map(Dial::beforeReply).orElse(false), sharesPidNamespace);
    }

    /**
     * Until the first byte of the broker's reply is readable at the client end: a dial of
     * {@code {backend}} while no byte of it is (NEG-5). A broker that wrote its reply before it
     * dialled has put the reply into the client's receive queue before its connect call, so a dial
     * accepted with the queue still empty came first; one that dials first and writes at once may
     * slip through, one that does anything in between does not.
     */
    private Optional<Dial> dialBeforeReply(RecordedSocket client) throws IOException {
        long end = System.nanoTime() + timing.closeBound().toNanos();
        while (System.nanoTime() - end < 0 && !client.isClosed() && replyBytes(client) == 0) {
            Optional<AFUNIXSocket> dial = RunnerListening.queued(backend);
            if (dial.isPresent()) {
                boolean first = replyBytes(client) == 0;
                if (first) {
                    transcript.note(Channel.HANDOFF, "the broker dialled {backend} before any byte of its reply reached the client");
                }
                return Optional.of(new Dial(dial.get(), first));
            }
        }
        return Optional.empty();
    }

    /** A dial accepted while the runner waited for the reply, and whether no byte of the reply had come by then. */
    private record Dial(AFUNIXSocket socket, boolean beforeReply) {}

    private static int replyBytes(RecordedSocket client) throws IOException {
        return client.socket().getInputStream().available();
    }

    /** HELLO-4: the first half of the Hello, then the end of the runner's sending side. */
    private void cutShort(RecordedSocket client, Exchange exchange) throws IOException {
        byte[] hello = exchange.hello();
        client.send(Arrays.copyOf(hello, hello.length / 2), exchange.helloNote() + ": its first " + hello.length / 2 + " of " + hello.length + " bytes");
        client.endSending();
    }

    /**
     * BPROFILE-5: one byte at a time, the whole Hello taking twice the broker's Hello bound
     * ({@link Timing#idleBound()}), until the broker answers or closes the connection.
     */
    private void trickle(RecordedSocket client, Exchange exchange) throws IOException {
        byte[] hello = exchange.hello();
        Duration every = timing.idleBound().multipliedBy(2).dividedBy(Math.max(1, hello.length - 1));
        transcript.note(Channel.CLIENT, exchange.helloNote() + ": " + hello.length + " bytes, one every " + Durations.format(every));
        for (int i = 0; i < hello.length; i++) {
            if (i > 0) {
                sleep(every);
            }
            if (client.socket().getInputStream().available() > 0) {
                transcript.note(Channel.CLIENT, "the broker answered after " + i + " bytes");
                return;
            }
            if (!client.send(new byte[] {hello[i]}, "byte " + (i + 1) + " of " + hello.length)) {
                return;
            }
        }
    }

    /**
     * An oversized Hello goes header first: a broker that checks the cap on the header refuses and
     * closes before the body is written (its reply must stay readable: a write into a closed
     * connection would close the runner's end), one that reads the body first gets it after a pause.
     */
    private void sendHello(RecordedSocket client, Exchange exchange) throws IOException {
        byte[] hello = exchange.hello();
        if (hello.length <= Framing.HEADER_LENGTH + Framing.MAX_HELLO_FRAME_BYTES) {
            client.send(hello, exchange.helloNote());
            return;
        }
        client.send(Arrays.copyOf(hello, Framing.HEADER_LENGTH), exchange.helloNote() + ": the header");
        long until = System.nanoTime() + HEADER_PAUSE.toNanos();
        while (System.nanoTime() < until) {
            if (client.socket().getInputStream().available() > 0) {
                transcript.note(Channel.CLIENT, "the broker answered the header; the body is not sent");
                return;
            }
            sleep(Duration.ofMillis(5));
        }
        client.send(Arrays.copyOfRange(hello, Framing.HEADER_LENGTH, hello.length), exchange.helloNote() + ": the body");
    }

    private Observed handoff(AFUNIXSocket dialled, RecordedSocket client, Exchange exchange, ReceivedFrame reply,
                             Optional<HelloReply> helloReply, boolean dialledBeforeReply, Optional<Boolean> sharesPidNamespace) throws IOException {
        RecordedSocket stream = RecordedSocket.of(dialled, Channel.HANDOFF, transcript);
        transcript.note(Channel.HANDOFF, "the broker dialled {backend}");
        FileDescriptor copyFd = null;
        try {
            RecordedSocket.Sideband sideband = stream.receiveSideband(TOKEN_BYTES, timing.closeBound());
            ReceivedFrame offerFrame = stream.readFrame(new byte[0], timing.closeBound(), System.nanoTime(), "HandoffOffer");
            List<FileDescriptor> received = new ArrayList<>(sideband.descriptors());
            received.addAll(stream.receivedDescriptors());
            Optional<HandoffOffer> offer = offerFrame instanceof ReceivedFrame.Decoded d ? decoded(Decoding.offer(d.frame().getPayload())) : Optional.empty();

            Optional<Boolean> nonBlocking = Optional.empty();
            RecordedSocket copy = null;
            if (!received.isEmpty()) {
                nonBlocking = Descriptors.nonBlocking(received.get(0));
                try {
                    FileDescriptorCast cast = FileDescriptorCast.duplicating(received.get(0));
                    copyFd = cast.getFileDescriptor();
                    copy = RecordedSocket.shared(cast.as(AFUNIXSocket.class), Channel.BACKEND_COPY, transcript);
                } catch (IOException | RuntimeException e) {
                    transcript.note(Channel.BACKEND_COPY, "the received descriptor is not a Unix socket: " + Errors.message(e));
                }
            }
            Descriptors.dropAllWithoutShutdown(received);
            StringBuilder detail = new StringBuilder();
            boolean clientToCopy = copy != null && DescriptorProbes.crosses(client, copy, "client end → backend's copy", timing.closeBound(), detail);
            boolean copyToClient = copy != null && DescriptorProbes.crosses(copy, client, "backend's copy → client end", timing.closeBound(), detail);
            transcript.note(Channel.RUNNER, detail.toString().strip());

            Optional<Observed.Second> second = exchange.secondHello().isEmpty() ? Optional.empty()
                    : Optional.of(secondClient(exchange.secondHello().get(), stream));

            long negotiatedId = helloReply.filter(HelloReply::hasNegotiated).map(r -> r.getNegotiated().getConnectionId()).orElse(0L);
            byte[] negotiatedToken = helloReply.filter(HelloReply::hasNegotiated).map(r -> r.getNegotiated().getHandlePassedToken().toByteArray())
                    .orElse(new byte[0]);
            Reply answer = exchange.answer().apply(new Offered(negotiatedToken, negotiatedId, sideband.bytes(), offer));
            write(stream, answer);
            long answered = System.nanoTime();
            boolean waitsOut = answer.bytes().length == 0 || !answer.trickle().isZero() || !answer.delay().isZero();
            Duration wait = waitsOut ? timing.ackTimeout().plus(timing.closeBound()) : timing.closeBound();

            ReceivedFrame after;
            Optional<Boolean> relayCrosses = Optional.empty();
            Optional<Boolean> shutDownEarly = Optional.empty();
            Optional<Boolean> crossesAfter = Optional.empty();
            RecordedSocket.End streamEnd;
            RecordedSocket.End end;
            switch (exchange.after()) {
                case DROP -> {
                    copyFd = drop(copyFd);
                    after = client.readFrame(new byte[0], wait, answered, "HandoffAck");
                    streamEnd = answer.hangUp() ? RecordedSocket.End.END : stream.readEnd(NO_SHUTDOWN);
                    end = endOf(client, after);
                }
                case KEEP_FOR_RELAY -> {
                    after = client.readFrame(new byte[0], wait, answered, "HandoffAck");
                    if (after instanceof ReceivedFrame.Decoded && copy != null) {
                        relayCrosses = Optional.of(DescriptorProbes.crosses(client, copy, "client end → backend's copy after the relay",
                                timing.closeBound(), new StringBuilder()));
                    }
                    streamEnd = answer.hangUp() ? RecordedSocket.End.END : stream.readEnd(NO_SHUTDOWN);
                    copyFd = drop(copyFd);
                    end = endOf(client, after);
                }
                default -> {
                    streamEnd = answer.hangUp() ? RecordedSocket.End.END : stream.readEnd(wait);
                    after = client.readFrame(new byte[0], NO_SHUTDOWN, answered, "HandoffAck");
                    shutDownEarly = Optional.of(after instanceof ReceivedFrame.Closed);
                    if (copy != null && !(after instanceof ReceivedFrame.Closed)) {
                        crossesAfter = Optional.of(DescriptorProbes.crosses(client, copy, "client end → backend's copy after the fallback",
                                timing.closeBound(), new StringBuilder()));
                    }
                    copyFd = drop(copyFd);
                    end = endOf(client, after);
                }
            }
            Observed.Handoff handoff = new Observed.Handoff(sideband.bytes(), received.size(), clientToCopy, copyToClient, nonBlocking,
                    offerFrame, offer, answer, streamEnd);
            return new Observed(reply, helloReply, Optional.of(handoff), after, relayCrosses, shutDownEarly, crossesAfter, end, second,
                    dialledBeforeReply, sharesPidNamespace);
        } finally {
            drop(copyFd);
            Descriptors.closeSocket(dialled);
        }
    }

    private RecordedSocket.End endOf(RecordedSocket client, ReceivedFrame after) throws IOException {
        return after instanceof ReceivedFrame.Closed ? RecordedSocket.End.END : client.readEnd(timing.closeBound());
    }

    private FileDescriptor drop(FileDescriptor fd) {
        if (fd != null) {
            Descriptors.dropWithoutShutdown(fd);
            transcript.note(Channel.BACKEND_COPY, "the runner drops its copy of the client's connection (close without shutdown)");
        }
        return null;
    }

    /**
     * A second client's Hello while the first handoff waits for its ACK, and whether the broker
     * still held the first handoff stream open before and after it: a broker that serves one
     * connection at a time answers only once it gave up on the first handoff (BROKER-7).
     */
    private Observed.Second secondClient(byte[] hello, RecordedSocket first) throws IOException {
        boolean openBefore = first.readEnd(OPEN_POLL) == RecordedSocket.End.SILENT;
        long start = System.nanoTime();
        ReceivedFrame reply;
        try (RecordedSocket second = RecordedSocket.connect(socket, Channel.RUNNER, transcript, "the broker")) {
            second.send(hello, "a second client's Hello, while the first handoff waits for its ACK");
            reply = second.readFrame(new byte[0], timing.closeBound(), start, "HelloReply");
        } catch (IOException e) {
            reply = new ReceivedFrame.Closed("the second client could not connect: " + Errors.message(e), Durations.since(start));
        }
        boolean openAfter = openBefore && first.readEnd(OPEN_POLL) == RecordedSocket.End.SILENT;
        return new Observed.Second(reply, openBefore, openAfter);
    }

    private void write(RecordedSocket stream, Reply answer) {
        transcript.note(Channel.HANDOFF, "the runner, as the backend, answers: " + answer.what());
        sleep(answer.delay());
        byte[] bytes = answer.bytes();
        if (answer.trickle().isZero()) {
            stream.send(bytes, answer.what());
        } else {
            for (int i = 0; i < bytes.length; i++) {
                if (i > 0) {
                    sleep(answer.trickle());
                }
                if (!stream.send(new byte[] {bytes[i]}, "byte " + (i + 1) + " of " + bytes.length)) {
                    break;
                }
            }
        }
        if (answer.hangUp()) {
            try {
                stream.endSending();
            } catch (IOException e) {
                transcript.note(Channel.HANDOFF, "ending the stream failed: " + Errors.message(e));
            }
        }
    }

    private Optional<AFUNIXSocket> accept(Duration wait) throws IOException {
        return RunnerListening.accept(backend, wait);
    }

    private static <T> Optional<T> decoded(Verdict<T> v) {
        return v instanceof Verdict.Accepted<T> a ? Optional.of(a.value()) : Optional.empty();
    }

    private static void sleep(Duration d) {
        if (d.isZero()) {
            return;
        }
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
