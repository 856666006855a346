package io.handoffkit.conformance.runner.drive.broker;

import io.handoffkit.conformance.runner.drive.ConnectionPairs;
import io.handoffkit.conformance.runner.model.Durations;
import io.handoffkit.conformance.runner.model.Timing;
import io.handoffkit.conformance.runner.model.Transcript;
import io.handoffkit.conformance.runner.model.Transcript.Channel;
import io.handoffkit.proto.v1.Frame;
import io.handoffkit.proto.v1.HandoffAck;
import io.handoffkit.time.Clock;
import io.handoffkit.wire.DeadlineExceededException;
import io.handoffkit.wire.DeadlineInputStream;
import io.handoffkit.wire.Decoding;
import io.handoffkit.wire.FrameReader;
import io.handoffkit.wire.Framing;
import io.handoffkit.wire.Verdict;
import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.SequenceInputStream;
import java.net.SocketTimeoutException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.newsclub.net.unix.AFSocket;
import org.newsclub.net.unix.AFUNIXSocket;
import org.newsclub.net.unix.AFUNIXSocketAddress;

/**
 * The runner playing the broker over a real Unix socket (PROFILE appendix, "How the runner plays
 * the broker"): per handoff it creates a socket pair, passes one end in one {@code SCM_RIGHTS}
 * message with the sideband bytes, sends the offer, reads the answer, and then learns what the
 * backend did with the passed connection from the two ends it still holds. Every byte goes into
 * the {@link Transcript}.
 *
 * <p>Descriptor hygiene: the runner's copy of a passed end is only ever dropped by closing the
 * descriptor itself ({@code close(2)}), never through junixsocket's {@code close()}, which shuts
 * the connection down for every process holding a copy.
 */
public final class BrokerSide {

    private static final SecureRandom RANDOM = new SecureRandom();
    /** Helper threads for reads on the runner's copy of a passed end (see {@link #readWithoutTimeout}). */
    private static final ExecutorService READERS = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "handoff-kit-probe-reader");
        t.setDaemon(true);
        return t;
    });
    private static final int PROBE_BYTES = 16;
    /** After the runner closed the handoff connection itself: time for the backend to react before the probes. */
    private static final Duration SETTLE = Duration.ofMillis(200);

    private final Path socket;
    private final Timing timing;
    private final Transcript transcript;

    public BrokerSide(Path socket, Timing timing, Transcript transcript) {
        this.socket = socket;
        this.timing = timing;
        this.transcript = transcript;
    }

    public Timing timing() {
        return timing;
    }

    public Transcript transcript() {
        return transcript;
    }

    /** 16 fresh random token bytes: every handoff of a run uses a token the backend has never seen. */
    public static byte[] freshToken() {
        byte[] token = new byte[16];
        RANDOM.nextBytes(token);
        return token;
    }

    static byte[] random(int n) {
        byte[] b = new byte[n];
        RANDOM.nextBytes(b);
        return b;
    }

    /** One handoff as {@code plan} says; I/O failures of the runner's own setup (cannot connect) are thrown. */
    public Attempt attempt(Plan plan) throws IOException {
        return attempt(plan, true);
    }

    /**
     * One handoff; with {@code observeFates} false the runner only reads the answer and then drops
     * everything (the property-driven cases judge verdicts, not descriptors: those have their own cases).
     */
    public Attempt attempt(Plan plan, boolean observeFates) throws IOException {
        transcript.nextHandoff();
        List<Passed> passed = new ArrayList<>();
        AFUNIXSocket conn = null;
        try {
            for (int i = 0; i < plan.descriptors(); i++) {
                passed.add(Passed.open());
            }
            conn = connect();
            long connectedAt = System.nanoTime();
            Answer answer = deliver(conn, plan, passed, connectedAt);
            List<Fate> fates = new ArrayList<>();
            if (!observeFates) {
                return new Attempt(plan, answer, fates);
            }
            if (answer instanceof Answer.Ack a && a.accepted()) {
                for (Passed p : passed) {
                    p.dropBrokerCopy(transcript);
                }
                if (!passed.isEmpty()) {
                    fates.add(adopted(passed.get(0), plan.echo()));
                }
            } else {
                if (answer instanceof Answer.Ack) {
                    awaitClose(conn);
                }
                if (answer instanceof Answer.Silent) {
                    transcript.note(Channel.HANDOFF, "the runner gives up waiting and closes the handoff connection");
                    closeQuietly(conn);
                }
                if (answer instanceof Answer.Silent || answer instanceof Answer.RunnerClosed) {
                    // the runner cannot see the backend notice the end of stream: give it a moment before probing
                    Duration settle = timing.closeBound().compareTo(SETTLE) < 0 ? timing.closeBound() : SETTLE;
                    transcript.note(Channel.RUNNER, "waiting " + Durations.format(settle) + " for the backend to notice the closed connection");
                    sleep(settle);
                }
                for (Passed p : passed) {
                    fates.add(kept(p));
                }
            }
            return new Attempt(plan, answer, fates);
        } finally {
            closeQuietly(conn);
            for (Passed p : passed) {
                p.close();
            }
        }
    }

    /**
     * A plain valid handoff, to learn whether the backend still serves: empty when some frame came
     * back, else what went wrong. Recorded in its own throw-away transcript.
     */
    public static Optional<String> probe(Path socket, Timing timing, byte[] offerFor16ByteToken, byte[] token) {
        BrokerSide side = new BrokerSide(socket, timing, new Transcript());
        try {
            Attempt a = side.attempt(Plan.handoff(token, offerFor16ByteToken), false);
            return a.answer() instanceof Answer.Ack ? Optional.empty() : Optional.of("a valid offer got " + a.answer().describe());
        } catch (IOException e) {
            return Optional.of("cannot connect to " + socket + ": " + message(e));
        }
    }

    private AFUNIXSocket connect() throws IOException {
        try {
            AFUNIXSocket s = AFUNIXSocket.connectTo(AFUNIXSocketAddress.of(socket));
            transcript.note(Channel.HANDOFF, "connected to " + socket);
            return s;
        } catch (IOException e) {
            throw new IOException("cannot connect to the backend at " + socket + ": " + message(e), e);
        }
    }

    private Answer deliver(AFUNIXSocket conn, Plan plan, List<Passed> passed, long connectedAt) throws IOException {
        OutputStream out = conn.getOutputStream();
        byte[] sideband = plan.sideband();
        if (!passed.isEmpty()) {
            FileDescriptor[] fds = passed.stream().map(p -> p.passedFd).toArray(FileDescriptor[]::new);
            conn.setOutboundFileDescriptors(fds);
        }
        String what = "sideband: " + sideband.length + " data bytes with " + passed.size() + " descriptor(s) in one SCM_RIGHTS message";
        if (!send(out, sideband, what)) {
            return read(conn, timing.ackTimeout(), connectedAt);
        }
        byte[] offer = plan.offer();
        Plan.Delivery d = plan.delivery();
        if (d instanceof Plan.Delivery.Whole) {
            send(out, offer, "offer: " + offer.length + " bytes");
            return read(conn, timing.ackTimeout(), connectedAt);
        }
        if (d instanceof Plan.Delivery.WholeThenEnd) {
            if (send(out, offer, "offer: " + offer.length + " bytes")) {
                shutdownOutput(conn);
            }
            return read(conn, timing.ackTimeout(), connectedAt);
        }
        if (d instanceof Plan.Delivery.PartThenSilence p) {
            send(out, Arrays.copyOf(offer, p.bytes()), "the first " + p.bytes() + " bytes of the offer, then silence");
            return read(conn, remaining(connectedAt, timing.idleLimit()), connectedAt);
        }
        if (d instanceof Plan.Delivery.PartThenClose p) {
            send(out, Arrays.copyOf(offer, p.bytes()), "the first " + p.bytes() + " bytes of the offer");
            sleep(p.pause());
            transcript.note(Channel.HANDOFF, "the runner closes the handoff connection mid-frame");
            closeQuietly(conn);
            return new Answer.RunnerClosed(since(connectedAt));
        }
        Plan.Delivery.Trickle trickle = (Plan.Delivery.Trickle) d;
        return trickle(conn, offer, trickle.interval(), connectedAt);
    }

    private Answer trickle(AFUNIXSocket conn, byte[] offer, Duration interval, long connectedAt) throws IOException {
        OutputStream out = conn.getOutputStream();
        transcript.note(Channel.HANDOFF, "trickling the offer: one byte every " + Durations.format(interval));
        Duration limit = timing.idleLimit();
        for (byte b : offer) {
            if (!send(out, new byte[] {b}, "")) {
                return read(conn, timing.closeBound(), connectedAt);
            }
            Duration left = remaining(connectedAt, limit);
            Duration wait = interval.compareTo(left) < 0 ? interval : left;
            if (wait.isZero()) {
                return new Answer.Silent(since(connectedAt));
            }
            conn.setSoTimeout(millis(wait));
            int first;
            try {
                first = conn.getInputStream().read();
            } catch (SocketTimeoutException e) {
                continue;
            } catch (IOException e) {
                transcript.note(Channel.HANDOFF, "reading failed: " + message(e));
                return new Answer.Closed("reset: " + message(e), since(connectedAt));
            }
            if (first < 0) {
                transcript.note(Channel.HANDOFF, "end of stream");
                return new Answer.Closed("end of stream", since(connectedAt));
            }
            transcript.received(Channel.HANDOFF, new byte[] {(byte) first}, 0, 1);
            return readFrame(new SequenceInputStream(new java.io.ByteArrayInputStream(new byte[] {(byte) first}), conn.getInputStream()),
                    conn, remaining(connectedAt, limit), connectedAt, new byte[] {(byte) first});
        }
        return read(conn, remaining(connectedAt, limit), connectedAt);
    }

    /** Read the backend's answer: a frame, end of stream / reset, or nothing within {@code wait}. */
    private Answer read(AFUNIXSocket conn, Duration wait, long connectedAt) throws IOException {
        if (conn.isClosed()) {
            return new Answer.Closed("connection already closed", since(connectedAt));
        }
        return readFrame(conn.getInputStream(), conn, wait, connectedAt, new byte[0]);
    }

    private Answer readFrame(InputStream raw, AFUNIXSocket conn, Duration wait, long connectedAt, byte[] already) {
        Recording rec = new Recording(raw, already.length == 0 ? transcript : null);
        rec.seen.write(already, 0, already.length);
        Clock clock = Clock.system();
        long deadline = clock.nanos() + Math.max(1, wait.toNanos());
        DeadlineWatch in = new DeadlineWatch(new DeadlineInputStream(rec, clock, deadline, conn::setSoTimeout));
        Verdict<byte[]> body = FrameReader.read(in, Framing.MAX_FRAME_BYTES);
        rec.timedOut = in.timedOut;
        if (already.length > 0) {
            byte[] rest = rec.seen.toByteArray();
            transcript.received(Channel.HANDOFF, rest, already.length, rest.length - already.length);
        }
        Duration after = since(connectedAt);
        byte[] seen = rec.seen.toByteArray();
        if (body instanceof Verdict.Accepted<byte[]> a) {
            Verdict<Frame> frame = Decoding.frame(a.value(), "HandoffAck");
            if (frame instanceof Verdict.Accepted<Frame> f) {
                Optional<HandoffAck> ack = Decoding.ack(f.value().getPayload()) instanceof Verdict.Accepted<HandoffAck> k
                        ? Optional.of(k.value()) : Optional.empty();
                return new Answer.Ack(seen, f.value(), ack, after);
            }
            return new Answer.Garbage(seen, ((Verdict.Rejected<Frame>) frame).rejection().toString(), after);
        }
        String why = ((Verdict.Rejected<byte[]>) body).rejection().detail();
        if (seen.length == 0) {
            if (rec.timedOut) {
                return new Answer.Silent(after);
            }
            transcript.note(Channel.HANDOFF, rec.failure == null ? "end of stream" : "reading failed: " + rec.failure);
            return new Answer.Closed(rec.failure == null ? "end of stream" : "reset: " + rec.failure, after);
        }
        return new Answer.Garbage(seen, rec.timedOut ? "an incomplete frame, then silence" : why, after);
    }

    /**
     * After a refusing ACK, wait (bounded) for the backend to close the handoff connection: the
     * sign that it has finished that handoff (released the descriptor, revoked the token) before
     * the runner probes the connection or starts the next handoff.
     */
    private void awaitClose(AFUNIXSocket conn) {
        try {
            conn.setSoTimeout(millis(timing.closeBound()));
            byte[] buffer = new byte[256];
            int n = conn.getInputStream().read(buffer);
            if (n < 0) {
                transcript.note(Channel.HANDOFF, "the backend closed the handoff connection");
            } else {
                transcript.received(Channel.HANDOFF, buffer, 0, n);
                transcript.note(Channel.HANDOFF, "more bytes after the ACK");
            }
        } catch (SocketTimeoutException e) {
            transcript.note(Channel.HANDOFF, "the handoff connection is still open " + Durations.format(timing.closeBound()) + " after the refusal");
        } catch (IOException e) {
            transcript.note(Channel.HANDOFF, "the backend closed the handoff connection (" + message(e) + ")");
        }
    }

    /** After an accepted ACK: the runner's copy is gone; the probe must come back through the backend. */
    private Fate adopted(Passed p, Optional<Plan.Echo> echo) {
        byte[] probe = random(PROBE_BYTES);
        try {
            write(p.client, Channel.CLIENT, probe, "probe through the adopted connection");
            byte[] back = readExactly(p.client, Channel.CLIENT, probe.length, timing.ackTimeout());
            boolean echoed = Arrays.equals(back, probe);
            String detail = echoed ? "the probe came back" : back.length == 0
                    ? "the probe did not come back within " + Durations.format(timing.ackTimeout())
                    : "got " + back.length + " other bytes instead of the probe";
            Optional<Boolean> ended = Optional.empty();
            if (echoed && echo.isPresent()) {
                byte[] bulk = random(echo.get().bytes());
                write(p.client, Channel.CLIENT, bulk, echo.get().bytes() + " bytes through the adopted connection");
                byte[] bulkBack = readExactly(p.client, Channel.CLIENT, bulk.length, timing.ackTimeout());
                boolean all = Arrays.equals(bulk, bulkBack);
                endSending(p.client);
                transcript.note(Channel.CLIENT, "the client end stops sending (shutdown of its writing side)");
                int end = readEnd(p.client, timing.closeBound());
                ended = Optional.of(all && end == END);
                detail += all ? ", " + bulk.length + " bytes came back" : ", only " + bulkBack.length + " of " + bulk.length + " bytes came back";
                detail += end == END ? ", then the backend ended the connection" : end == SILENT
                        ? ", but the backend did not end the connection within " + Durations.format(timing.closeBound())
                        : ", then more bytes arrived instead of the end of the stream";
            }
            return new Fate.Adopted(echoed, detail, ended);
        } catch (IOException e) {
            return new Fate.Adopted(false, "the adopted connection failed: " + message(e), echo.map(x -> false));
        }
    }

    /** After anything else: the runner's copy must still work both ways, and be the last copy. */
    private Fate kept(Passed p) {
        StringBuilder detail = new StringBuilder();
        boolean clientToBroker = crosses(p.client, Channel.CLIENT, p.brokerCopy, Channel.BROKER_COPY, "client end → broker's copy", detail);
        boolean brokerToClient = crosses(p.brokerCopy, Channel.BROKER_COPY, p.client, Channel.CLIENT, "broker's copy → client end", detail);
        p.dropBrokerCopy(transcript);
        int end;
        try {
            end = readEnd(p.client, timing.closeBound());
        } catch (IOException e) {
            end = END;
        }
        boolean endAfterDrop = end == END;
        detail.append(switch (end) {
            case END -> "after the runner dropped its copy the client end saw the end of the stream (no copy left in the backend)";
            case SILENT -> "after the runner dropped its copy the client end saw no end of stream within "
                    + Durations.format(timing.closeBound()) + ": the backend still holds a copy of the descriptor";
            default -> "after the runner dropped its copy the backend wrote on the connection: it adopted it";
        });
        return new Fate.Kept(clientToBroker, brokerToClient, endAfterDrop, detail.toString());
    }

    private boolean crosses(AFSocket<?> from, Channel fromChannel, AFSocket<?> to, Channel toChannel, String what, StringBuilder detail) {
        byte[] probe = random(PROBE_BYTES);
        try {
            write(from, fromChannel, probe, "probe " + what);
        } catch (IOException e) {
            detail.append(what).append(": writing failed (").append(message(e)).append("): the connection was shut down; ");
            return false;
        }
        try {
            byte[] got = toChannel == Channel.BROKER_COPY
                    ? readWithoutTimeout(to, toChannel, probe.length, timing.closeBound())
                    : readExactly(to, toChannel, probe.length, timing.closeBound());
            if (Arrays.equals(got, probe)) {
                detail.append(what).append(": the probe crossed; ");
                return true;
            }
            detail.append(what).append(got.length == 0
                    ? ": the probe did not arrive (someone else read it, or the connection was shut down); "
                    : ": other bytes arrived; ");
            return false;
        } catch (IOException e) {
            detail.append(what).append(": reading failed (").append(message(e)).append("); ");
            return false;
        }
    }

    private static final int END = 0;
    private static final int SILENT = 1;
    private static final int DATA = 2;

    /** End of stream (or reset), silence, or data within {@code wait}. */
    private int readEnd(AFSocket<?> s, Duration wait) throws IOException {
        s.setSoTimeout(millis(wait));
        byte[] buffer = new byte[256];
        try {
            int n = s.getInputStream().read(buffer);
            if (n < 0) {
                transcript.note(Channel.CLIENT, "end of stream");
                return END;
            }
            transcript.received(Channel.CLIENT, buffer, 0, n);
            return DATA;
        } catch (SocketTimeoutException e) {
            transcript.note(Channel.CLIENT, "no end of stream within " + Durations.format(wait));
            return SILENT;
        } catch (IOException e) {
            transcript.note(Channel.CLIENT, "reset: " + message(e));
            return END;
        }
    }

    private byte[] readExactly(AFSocket<?> s, Channel channel, int n, Duration wait) throws IOException {
        long deadline = System.nanoTime() + wait.toNanos();
        byte[] buffer = new byte[n];
        int filled = 0;
        InputStream in = s.getInputStream();
        while (filled < n) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                break;
            }
            s.setSoTimeout(millis(Duration.ofNanos(left)));
            int r;
            try {
                r = in.read(buffer, filled, n - filled);
            } catch (SocketTimeoutException e) {
                break;
            }
            if (r < 0) {
                transcript.note(channel, "end of stream");
                break;
            }
            transcript.received(channel, buffer, filled, r);
            filled += r;
        }
        return Arrays.copyOf(buffer, filled);
    }

    /**
     * Read {@code n} bytes from the runner's copy of the passed end, waiting at most {@code wait},
     * without touching the socket: its read timeout and blocking mode belong to the socket, not
     * the descriptor, so changing them would change them for a copy the backend holds too. A
     * helper thread does a plain blocking read; if the bytes do not come in time it is abandoned,
     * and its read ends with the connection when the runner closes the client end.
     */
    private byte[] readWithoutTimeout(AFSocket<?> s, Channel channel, int n, Duration wait) {
        byte[] buffer = new byte[n];
        AtomicInteger filled = new AtomicInteger();
        Future<?> reading = READERS.submit(() -> {
            InputStream in = s.getInputStream();
            while (filled.get() < n) {
                int r = in.read(buffer, filled.get(), n - filled.get());
                if (r < 0) {
                    break;
                }
                filled.addAndGet(r);
            }
            return null;
        });
        try {
            reading.get(wait.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            transcript.note(channel, "nothing more within " + Durations.format(wait));
        } catch (ExecutionException e) {
            transcript.note(channel, "reading failed: " + message(e.getCause()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        byte[] got = Arrays.copyOf(buffer, filled.get()); // bytes below the count were written before it was raised
        if (got.length > 0) {
            transcript.received(channel, got, 0, got.length);
        }
        return got;
    }

    private void write(AFSocket<?> s, Channel channel, byte[] bytes, String note) throws IOException {
        transcript.sent(channel, bytes, note);
        s.getOutputStream().write(bytes);
        s.getOutputStream().flush();
    }

    /** Send on the handoff connection; false (noted) when the backend is no longer reading. */
    private boolean send(OutputStream out, byte[] bytes, String note) {
        if (bytes.length == 0) {
            return true;
        }
        transcript.sent(Channel.HANDOFF, bytes, note);
        try {
            out.write(bytes);
            out.flush();
            return true;
        } catch (IOException e) {
            transcript.note(Channel.HANDOFF, "sending failed: " + message(e));
            return false;
        }
    }

    /**
     * Shut the sending side down through the channel: on JDK 25 {@code java.net.Socket.shutdownOutput()}
     * refuses junixsocket sockets ("Socket is not connected"); the channel's works on every JDK.
     */
    static void endSending(AFSocket<?> s) throws IOException {
        s.getChannel().shutdownOutput();
    }

    private void shutdownOutput(AFUNIXSocket conn) {
        try {
            endSending(conn);
            transcript.note(Channel.HANDOFF, "the runner ends its sending side (the backend reads end of stream next)");
        } catch (IOException e) {
            transcript.note(Channel.HANDOFF, "ending the sending side failed: " + message(e));
        }
    }

    static Duration since(long startNanos) {
        return Duration.ofNanos(System.nanoTime() - startNanos);
    }

    private static Duration remaining(long startNanos, Duration limit) {
        Duration left = limit.minus(since(startNanos));
        return left.isNegative() ? Duration.ZERO : left;
    }

    static int millis(Duration d) {
        return (int) Math.max(1, Math.min(Integer.MAX_VALUE, (d.toNanos() + 999_999) / 1_000_000));
    }

    static String message(Throwable e) {
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void closeQuietly(AFUNIXSocket s) {
        if (s == null) {
            return;
        }
        try {
            s.close(); // the handoff connection is the runner's alone: a full close is right
        } catch (IOException e) {
            // closed either way
        }
    }

    /** Records what was read and how reading ended. */
    private static final class Recording extends FilterInputStream {
        final java.io.ByteArrayOutputStream seen = new java.io.ByteArrayOutputStream();
        private final Transcript transcript;
        boolean timedOut;
        String failure;

        Recording(InputStream in, Transcript transcript) {
            super(in);
            this.transcript = transcript;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            int n = read(one, 0, 1);
            return n < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            try {
                int n = super.read(b, off, len);
                if (n > 0) {
                    seen.write(b, off, n);
                    if (transcript != null) {
                        transcript.received(Channel.HANDOFF, b, off, n);
                    }
                }
                return n;
            } catch (SocketTimeoutException | DeadlineExceededException e) {
                throw e; // one slice of the deadline ran out; the deadline stream decides
            } catch (IOException e) {
                failure = message(e);
                throw e;
            }
        }
    }

    /** Notes whether the read ended because its deadline passed (silence), as opposed to end of stream or an error. */
    private static final class DeadlineWatch extends FilterInputStream {
        boolean timedOut;

        DeadlineWatch(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            try {
                return super.read();
            } catch (DeadlineExceededException e) {
                timedOut = true;
                throw e;
            }
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            try {
                return super.read(b, off, len);
            } catch (DeadlineExceededException e) {
                timedOut = true;
                throw e;
            }
        }
    }

    /** One passed client connection: the end handed to the backend (and the runner's copy of it) and the client end. */
    private static final class Passed {
        final AFSocket<?> brokerCopy;
        final AFSocket<?> client;
        final FileDescriptor passedFd;
        private boolean dropped;

        private Passed(AFSocket<?> brokerCopy, AFSocket<?> client, FileDescriptor passedFd) {
            this.brokerCopy = brokerCopy;
            this.client = client;
            this.passedFd = passedFd;
        }

        static Passed open() throws IOException {
            ConnectionPairs.Pair pair = ConnectionPairs.open();
            return new Passed(pair.passed(), pair.client(), pair.passed().getFileDescriptor());
        }

        /** close(2) of the runner's copy only: no shutdown, so a backend's copy keeps working. */
        void dropBrokerCopy(Transcript transcript) {
            if (dropped) {
                return;
            }
            dropped = true;
            try {
                new FileInputStream(passedFd).close();
            } catch (IOException e) {
                // the descriptor is gone either way
            }
            transcript.note(Channel.BROKER_COPY, "the runner drops its copy of the passed end (close without shutdown)");
        }

        void close() {
            if (!dropped) {
                dropped = true;
                try {
                    new FileInputStream(passedFd).close();
                } catch (IOException e) {
                    // gone either way
                }
            }
            try {
                client.close();
            } catch (IOException e) {
                // gone either way
            }
        }
    }
}
