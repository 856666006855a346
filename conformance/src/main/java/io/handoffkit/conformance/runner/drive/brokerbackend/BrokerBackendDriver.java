package io.handoffkit.conformance.runner.drive.brokerbackend;

import com.google.protobuf.ByteString;
import io.handoffkit.conformance.runner.drive.ConnectionPairs;
import io.handoffkit.conformance.runner.drive.Driver;
import io.handoffkit.conformance.runner.drive.ReceivedFrame;
import io.handoffkit.conformance.runner.drive.RecordedSocket;
import io.handoffkit.conformance.runner.drive.RunnerListening;
import io.handoffkit.conformance.runner.model.Durations;
import io.handoffkit.conformance.runner.model.Endpoints;
import io.handoffkit.conformance.runner.model.ProtocolRole;
import io.handoffkit.conformance.runner.model.Timing;
import io.handoffkit.conformance.runner.model.Transcript;
import io.handoffkit.conformance.runner.model.Transcript.Channel;
import io.handoffkit.proto.v1.Frame;
import io.handoffkit.proto.v1.Hello;
import io.handoffkit.proto.v1.HelloReply;
import io.handoffkit.proto.v1.Negotiated;
import io.handoffkit.proto.v1.Refused;
import io.handoffkit.transport.unix.ClientSessions;
import io.handoffkit.transport.unix.Descriptors;
import io.handoffkit.wire.ControlFrames;
import io.handoffkit.wire.Decoding;
import io.handoffkit.wire.FrameWriter;
import io.handoffkit.wire.Verdict;
import java.io.FileDescriptor;
import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.newsclub.net.unix.AFUNIXSocket;
import org.newsclub.net.unix.FileDescriptorCast;

/**
 * The runner as broker and backend pipe at once, testing a client (SPEC.md Appendix C): on
 * {@code {socket}} and {@code {backend}}, which the target bound for the whole run, per session it
 * accepts the client's connection and reads its
 * Hello, answers as the session says; for a handoff it passes its end of the Hello connection to its
 * own backend end with a real {@code SCM_RIGHTS} message, writes the relay (or a defective one) and
 * drops its broker copy without shutdown. Then it watches the handed-off connection and the backend
 * pipe for the agreed probe (CPROFILE-3) and checks the echo where it came. Every byte is in the
 * transcript: {@code broker's copy} (the Hello connection), {@code handoff connection} (the runner's
 * own pass), {@code backend's copy}, {@code backend pipe}.
 *
 * <p>Bounds: a client dials within {@link #DIAL_BOUND}; it may wait up to {@link #MAX_RELAY_WAIT}
 * for a relay (CPROFILE-2), plus {@link Timing#closeBound()} to show its probe or close the Hello
 * connection; a client expected to dial nothing gets {@link #NO_DIAL_GRACE} after it closed the
 * Hello connection (or after the runner ended it).
 */
public final class BrokerBackendDriver implements Driver<Session, Visit> {

    /** How long the runner waits for the client to dial (CPROFILE-4's 1 s, and a process that is still starting). */
    public static final Duration DIAL_BOUND = Duration.ofSeconds(5);
    /** The longest relay wait a client under test may have (CPROFILE-2). */
    public static final Duration MAX_RELAY_WAIT = Duration.ofSeconds(3);
    /** How long after closing the Hello connection a client that should dial nothing is watched for a dial. */
    public static final Duration NO_DIAL_GRACE = Duration.ofMillis(300);
    private static final Duration POLL = Duration.ofMillis(5);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final ServerSocket broker;
    private final ServerSocket pipe;
    private final String backendPipe;
    private final Timing timing;
    private final Transcript transcript;

    /**
     * @param broker where the runner listens as the broker ({@code {socket}})
     * @param pipe where it listens as the backend pipe ({@code {backend}})
     * @param backendPipe {@code {backend}} as the client sees it, sent as {@code Negotiated.backend_pipe}
     */
    public BrokerBackendDriver(ServerSocket broker, ServerSocket pipe, String backendPipe, Timing timing, Transcript transcript) {
        this.broker = broker;
        this.pipe = pipe;
        this.backendPipe = backendPipe;
        this.timing = timing;
        this.transcript = transcript;
    }

    /** On a target's endpoints {@code socket} and {@code backend} (which the target bound). */
    public static BrokerBackendDriver at(Endpoints at, Timing timing, Transcript transcript) {
        return new BrokerBackendDriver(listening(at, "socket"), listening(at, "backend"), at.seenByImplementation("backend").toString(),
                timing, transcript);
    }

    private static ServerSocket listening(Endpoints at, String name) {
        return at.listening(name).orElseThrow(() -> new IllegalStateException("the runner does not listen on {" + name + "} " + at.path(name)));
    }

    @Override
    public Set<ProtocolRole> plays() {
        return Set.of(ProtocolRole.BROKER, ProtocolRole.BACKEND);
    }

    @Override
    public Transcript transcript() {
        return transcript;
    }

    @Override
    public Visit play(Session session) throws IOException {
        transcript.nextHandoff();
        dropLeftoverPipeDials();
        Optional<AFUNIXSocket> dialled = accept(broker, DIAL_BOUND);
        if (dialled.isEmpty()) {
            transcript.note(Channel.RUNNER, "the client did not dial {socket} within " + Durations.format(DIAL_BOUND));
            return Visit.noDial();
        }
        List<RecordedSocket> open = new ArrayList<>();
        List<FileDescriptor> adopted = new ArrayList<>();
        try {
            return session(dialled.get(), session, open, adopted);
        } finally {
            open.forEach(RecordedSocket::close);
            Descriptors.dropAllWithoutShutdown(adopted);
        }
    }

    /**
     * A dial of the backend pipe still queued from an earlier session (a client that fell back late)
     * is not this session's: it is closed first, so it cannot pass for this one. Dials of
     * {@code {socket}} are kept: a client dials again as soon as a session ends.
     */
    private void dropLeftoverPipeDials() throws IOException {
        RunnerListening.dropQueued(pipe, transcript, Channel.BACKEND_PIPE, "a dial of {backend} left over from an earlier session is closed");
    }

    private Visit session(AFUNIXSocket conn, Session session, List<RecordedSocket> open, List<FileDescriptor> adopted)
            throws IOException {
        RecordedSocket hello = RecordedSocket.of(conn, Channel.BROKER_COPY, transcript);
        transcript.note(Channel.BROKER_COPY, "the client dialled {socket}");
        long start = System.nanoTime();
        ReceivedFrame frame = hello.readFrame(new byte[0], timing.closeBound(), start, "Hello");
        Optional<Frame> helloFrame = frame instanceof ReceivedFrame.Decoded d ? Optional.of(d.frame()) : Optional.empty();
        Optional<Hello> decoded = helloFrame.flatMap(f -> decoded(Decoding.hello(f.getPayload())));
        if (helloFrame.isEmpty()) {
            open.add(hello);
            return new Visit(true, Optional.of(frame), decoded, Optional.empty(), Visit.Probe.nowhere(Duration.ZERO, 0), Optional.empty());
        }
        Optional<Negotiated> negotiated = Optional.empty();
        byte[] reply;
        if (session.reply() instanceof Session.Reply.Negotiate n) {
            Negotiated sent = negotiated(n);
            negotiated = Optional.of(sent);
            reply = FrameWriter.encode(ControlFrames.reply(HelloReply.newBuilder().setNegotiated(sent).build(), helloFrame));
        } else if (session.reply() instanceof Session.Reply.Refuse r) {
            reply = FrameWriter.encode(ControlFrames.reply(HelloReply.newBuilder().setRefused(Refused.newBuilder()
                    .setReason("refused by the runner").setCode(r.code()).setDaemonMinProtocol(1).setDaemonMaxProtocol(1)).build(), helloFrame));
        } else {
            reply = ((Session.Reply.Broken) session.reply()).change().apply(FrameWriter.encode(ControlFrames.reply(
                    HelloReply.newBuilder().setNegotiated(negotiated(new Session.Reply.Negotiate(false, false, true))).build(), helloFrame)));
        }
        hello.send(reply, "the reply: " + describe(session.reply()));
        long replied = System.nanoTime();

        Session.Relay relay = session.relay();
        RecordedSocket watched = hello;
        boolean handedOff = false;
        if (negotiated.isPresent() && relay.handOff() && !negotiated.get().getHandlePassedToken().isEmpty()) {
            AFUNIXSocket backendEnd = handOff(conn, negotiated.get().getHandlePassedToken().toByteArray(), adopted);
            watched = RecordedSocket.of(backendEnd, Channel.BACKEND_COPY, transcript);
            handedOff = true;
        }
        sleep(relay.delay());
        byte[] relayBytes = negotiated.map(relay.bytes()).orElse(new byte[0]);
        if (handedOff && relay.greeting().length > 0) {
            // one write, so the relay and the backend's first bytes reach the client in one receive (CLIENT-5)
            hello.send(concat(relayBytes, relay.greeting()), relay.what() + " (the relay and the backend's first bytes in one write)");
        } else {
            hello.send(relayBytes, relay.what());
        }
        if (handedOff) {
            Descriptors.dropWithoutShutdown(conn.getFileDescriptor());
            transcript.note(Channel.BROKER_COPY, "the runner, as broker, drops its copy (close without shutdown)");
        } else {
            open.add(hello);
        }
        open.add(watched);
        if (relay.end()) {
            watched.close();
            transcript.note(Channel.RUNNER, "the runner closed every copy of the Hello connection it held");
        }
        return watch(session, watched, handedOff, relay, replied, frame, decoded, negotiated, open);
    }

    private Visit watch(Session session, RecordedSocket watched, boolean handedOff, Session.Relay relay, long replied,
                        ReceivedFrame frame, Optional<Hello> decoded, Optional<Negotiated> negotiated, List<RecordedSocket> open) throws IOException {
        // a client that wrongly waits for a relay may hold the Hello connection for its whole wait, whether a probe or an error follows
        Duration bound = MAX_RELAY_WAIT.plus(timing.closeBound());
        boolean helloOpen = !relay.end();
        // a client that should dial nothing, on a connection the runner already ended, gets the grace from now
        long deadline = !helloOpen && !session.expectsProbe() ? System.nanoTime() + NO_DIAL_GRACE.toNanos() : replied + bound.toNanos();
        Optional<Duration> closed = Optional.empty();
        int dials = 0;
        Visit.Probe probe = null;
        while (probe == null && System.nanoTime() < deadline) {
            if (helloOpen) {
                int b = poll(watched);
                if (b == -1) {
                    closed = Optional.of(Durations.since(replied));
                    helloOpen = false;
                    transcript.note(watched.channel(), "the client closed the Hello connection");
                    if (!session.expectsProbe()) {
                        deadline = Math.min(deadline, System.nanoTime() + NO_DIAL_GRACE.toNanos());
                    }
                } else if (b >= 0) {
                    probe = probe(watched, b, handedOff ? Visit.Where.ADOPTED : Visit.Where.HELLO, Durations.since(replied),
                            handedOff ? relay.greeting() : new byte[0], dials);
                    break;
                }
            }
            Optional<AFUNIXSocket> dial = accept(pipe, POLL);
            if (dial.isPresent()) {
                dials++;
                Duration after = Durations.since(replied);
                RecordedSocket p = RecordedSocket.of(dial.get(), Channel.BACKEND_PIPE, transcript);
                open.add(p);
                transcript.note(Channel.BACKEND_PIPE, "the client dialled the backend pipe " + Durations.format(after) + " after the reply");
                probe = probe(p, -2, Visit.Where.PIPE, after, new byte[0], dials);
            }
        }
        if (probe == null) {
            transcript.note(Channel.RUNNER, "no probe within " + Durations.format(bound));
            probe = Visit.Probe.nowhere(Durations.since(replied), dials);
        }
        return new Visit(true, Optional.of(frame), decoded, negotiated, probe, closed);
    }

    /** The probe on {@code on} (its first byte already read, or -2), then the echo of the early bytes and a ping. */
    private Visit.Probe probe(RecordedSocket on, int first, Visit.Where where, Duration after, byte[] early, int dials) throws IOException {
        int want = ClientSessions.PROBE.length;
        byte[] rest = on.readExactly(first >= 0 ? want - 1 : want, timing.closeBound());
        byte[] got = first >= 0 ? concat(new byte[] {(byte) first}, rest) : rest;
        if (!Arrays.equals(got, ClientSessions.PROBE)) {
            return new Visit.Probe(where, got, after, Optional.of("not the agreed probe: " + printable(got)), dials);
        }
        byte[] ping = ("ping " + HexFormat.of().formatHex(random(4)) + "\n").getBytes(StandardCharsets.US_ASCII);
        on.send(ping, "bytes for the client to echo");
        byte[] expected = concat(early, ping);
        byte[] echo = on.readExactly(expected.length, timing.closeBound());
        Optional<String> wrong = Arrays.equals(echo, expected) ? Optional.empty()
                : Optional.of("expected the echo " + printable(expected) + ", got " + printable(echo));
        return new Visit.Probe(where, got, after, wrong, dials);
    }

    /** One byte within {@link #POLL}: the byte, -1 at end of stream (or reset), -2 when none came. */
    private int poll(RecordedSocket on) {
        try {
            on.socket().setSoTimeout(Durations.millis(POLL));
            InputStream in = on.socket().getInputStream();
            int b = in.read();
            if (b >= 0) {
                transcript.received(on.channel(), new byte[] {(byte) b}, 0, 1);
            }
            return b;
        } catch (SocketTimeoutException e) {
            return -2;
        } catch (IOException e) {
            transcript.note(on.channel(), "reading failed: " + e.getMessage());
            return -1;
        }
    }

    /**
     * The runner's own handoff: its end of the Hello connection passed with the token over a fresh
     * pair, adopted on the other end through a duplicate (junixsocket closes the descriptors it
     * received when the pair closes), which goes to {@code adopted} to be dropped at the end.
     */
    private AFUNIXSocket handOff(AFUNIXSocket conn, byte[] token, List<FileDescriptor> adopted) throws IOException {
        ConnectionPairs.Pair pair = ConnectionPairs.open();
        try {
            RecordedSocket brokerSide = RecordedSocket.of(pair.client(), Channel.HANDOFF, transcript);
            brokerSide.passDescriptors(conn.getFileDescriptor());
            brokerSide.write(token, "the sideband: the token, with the Hello connection (SCM_RIGHTS)");
            RecordedSocket.Sideband sideband = RecordedSocket.of(pair.passed(), Channel.HANDOFF, transcript).receiveSideband(token.length,
                    timing.closeBound());
            if (sideband.descriptors().size() != 1) {
                Descriptors.dropAllWithoutShutdown(sideband.descriptors());
                throw new IOException("the runner's own handoff brought " + sideband.descriptors().size() + " descriptors");
            }
            FileDescriptorCast cast = FileDescriptorCast.duplicating(sideband.descriptors().get(0));
            adopted.add(cast.getFileDescriptor());
            Descriptors.dropWithoutShutdown(sideband.descriptors().get(0));
            transcript.note(Channel.BACKEND_COPY, "the runner, as backend, adopted the Hello connection");
            return cast.as(AFUNIXSocket.class);
        } finally {
            Descriptors.closeSocket(pair.client());
            Descriptors.closeSocket(pair.passed());
        }
    }

    private Negotiated negotiated(Session.Reply.Negotiate n) {
        return Negotiated.newBuilder().setNegotiatedProtocol(1).setDaemonVersion("1.0.0")
                .setBackendPipe(n.pipe() ? backendPipe : "")
                .setServerCapabilities(n.bit0() ? 1 : 0)
                .setHandlePassedToken(n.token() ? ByteString.copyFrom(random(16)) : ByteString.EMPTY)
                .setConnectionId(2 + (RANDOM.nextLong() >>> 40))
                .setKeepaliveIntervalSecs(1800)
                .build();
    }

    private static String describe(Session.Reply r) {
        if (r instanceof Session.Reply.Negotiate n) {
            return "Negotiated" + (n.token() ? " with a token" : " without a token") + (n.bit0() ? ", bit 0" : ", bit 0 clear")
                    + (n.pipe() ? "" : ", empty backend_pipe");
        }
        return r instanceof Session.Reply.Refuse f ? "Refused " + f.code() : ((Session.Reply.Broken) r).what();
    }

    private Optional<AFUNIXSocket> accept(ServerSocket listening, Duration wait) throws IOException {
        return RunnerListening.accept(listening, wait);
    }

    private static byte[] random(int n) {
        byte[] b = new byte[n];
        RANDOM.nextBytes(b);
        return b;
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    private static String printable(byte[] b) {
        return b.length == 0 ? "nothing" : "\"" + new String(b, StandardCharsets.ISO_8859_1).replace("\n", "\\n") + "\" (" + b.length + " bytes)";
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
