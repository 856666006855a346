package io.handoffkit.conformance.runner.drive.broker;

import io.handoffkit.conformance.runner.drive.DescriptorProbes;
import io.handoffkit.conformance.runner.drive.Driver;
import io.handoffkit.conformance.runner.drive.Fresh;
import io.handoffkit.conformance.runner.drive.PassedConnection;
import io.handoffkit.conformance.runner.drive.ReceivedFrame;
import io.handoffkit.conformance.runner.drive.RecordedSocket;
import io.handoffkit.conformance.runner.model.Durations;
import io.handoffkit.conformance.runner.model.Errors;
import io.handoffkit.conformance.runner.model.ProtocolRole;
import io.handoffkit.conformance.runner.model.Timing;
import io.handoffkit.conformance.runner.model.Transcript;
import io.handoffkit.conformance.runner.model.Transcript.Channel;
import io.handoffkit.proto.v1.HandoffAck;
import io.handoffkit.wire.Decoding;
import io.handoffkit.wire.Verdict;
import java.io.FileDescriptor;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The runner playing the broker over a real Unix socket (PROFILE appendix, "How the runner plays
 * the broker"): per handoff it creates a connection to pass ({@link PassedConnection}), passes one
 * end in one {@code SCM_RIGHTS} message with the sideband bytes, sends the offer as the
 * {@link Plan} says, reads the answer, and then learns what the backend did with the passed
 * connection from the two ends it still holds ({@link DescriptorProbes}). Every byte goes into the
 * {@link Transcript}.
 */
public final class BrokerDriver implements Driver<Plan, Attempt> {

    private static final int PROBE_BYTES = 16;
    /** Who the runner dials, for the messages. */
    private static final String PEER = "the backend";

    private final Path socket;
    private final Timing timing;
    private final Transcript transcript;

    /** @param socket the backend's handoff socket */
    public BrokerDriver(Path socket, Timing timing, Transcript transcript) {
        this.socket = socket;
        this.timing = timing;
        this.transcript = transcript;
    }

    /** The broker, and so the maker of the client connection it passes. */
    @Override
    public Set<ProtocolRole> plays() {
        return Set.of(ProtocolRole.BROKER);
    }

    @Override
    public Transcript transcript() {
        return transcript;
    }

    public Timing timing() {
        return timing;
    }

    /** One handoff as {@code plan} says, and what became of every connection passed. */
    @Override
    public Attempt play(Plan plan) throws IOException {
        return attempt(plan, true);
    }

    /**
     * One handoff; with {@code observeFates} false the runner only reads the answer and then drops
     * everything (the property-driven cases judge verdicts, not descriptors: those have their own cases).
     */
    public Attempt attempt(Plan plan, boolean observeFates) throws IOException {
        transcript.nextHandoff();
        List<PassedConnection> passed = new ArrayList<>();
        RecordedSocket conn = null;
        try {
            for (int i = 0; i < plan.descriptors(); i++) {
                passed.add(PassedConnection.open(transcript));
            }
            conn = RecordedSocket.connect(socket, Channel.HANDOFF, transcript, PEER);
            long connectedAt = System.nanoTime();
            Answer answer = deliver(conn, plan, passed, connectedAt);
            List<Fate> fates = new ArrayList<>();
            if (!observeFates) {
                return new Attempt(plan, answer, fates);
            }
            if (answer instanceof Answer.Ack a && a.accepted()) {
                passed.forEach(PassedConnection::dropCopy);
                if (!passed.isEmpty()) {
                    fates.add(adopted(passed.get(0), plan.echo()));
                }
            } else {
                if (answer instanceof Answer.Silent) {
                    transcript.note(Channel.HANDOFF, "the runner gives up waiting");
                    endSending(conn);
                }
                if (answer instanceof Answer.Ack || answer instanceof Answer.Silent || answer instanceof Answer.RunnerClosed) {
                    // the backend closing its end shows it has dealt with the handoff: only then do the probes judge what it did
                    awaitClose(conn);
                }
                for (PassedConnection p : passed) {
                    fates.add(kept(p));
                }
            }
            return new Attempt(plan, answer, fates);
        } finally {
            if (conn != null) {
                conn.close(); // the handoff connection is the runner's alone: a full close is right
            }
            passed.forEach(PassedConnection::close);
        }
    }

    /**
     * A plain valid handoff, to learn whether the backend still serves: empty when some frame came
     * back, else what went wrong. Recorded in its own throw-away transcript.
     */
    public static Optional<String> stillServes(Path socket, Timing timing) {
        byte[] token = Fresh.token();
        BrokerDriver side = new BrokerDriver(socket, timing, new Transcript());
        try {
            Attempt a = side.attempt(Plan.handoff(token, Offers.valid(token, 1)), false);
            return a.answer() instanceof Answer.Ack ? Optional.empty() : Optional.of("a valid offer got " + a.answer().describe());
        } catch (IOException e) {
            return Optional.of("cannot connect to " + socket + ": " + Errors.message(e));
        }
    }

    private Answer deliver(RecordedSocket conn, Plan plan, List<PassedConnection> passed, long connectedAt) throws IOException {
        byte[] sideband = plan.sideband();
        if (!passed.isEmpty()) {
            conn.passDescriptors(passed.stream().map(PassedConnection::descriptor).toArray(FileDescriptor[]::new));
        }
        String what = "sideband: " + sideband.length + " data bytes with " + passed.size() + " descriptor(s) in one SCM_RIGHTS message";
        if (!conn.send(sideband, what)) {
            return read(conn, timing.ackTimeout(), connectedAt);
        }
        byte[] offer = plan.offer();
        Plan.Delivery d = plan.delivery();
        if (d instanceof Plan.Delivery.Whole) {
            conn.send(offer, "offer: " + offer.length + " bytes");
            return read(conn, timing.ackTimeout(), connectedAt);
        }
        if (d instanceof Plan.Delivery.WholeThenEnd) {
            if (conn.send(offer, "offer: " + offer.length + " bytes")) {
                endSending(conn);
            }
            return read(conn, timing.ackTimeout(), connectedAt);
        }
        if (d instanceof Plan.Delivery.PartThenSilence p) {
            conn.send(Arrays.copyOf(offer, p.bytes()), "the first " + p.bytes() + " bytes of the offer, then silence");
            return read(conn, Durations.remaining(connectedAt, timing.idleLimit()), connectedAt);
        }
        if (d instanceof Plan.Delivery.PartThenClose p) {
            conn.send(Arrays.copyOf(offer, p.bytes()), "the first " + p.bytes() + " bytes of the offer");
            sleep(p.pause());
            transcript.note(Channel.HANDOFF, "mid-frame:");
            endSending(conn);
            return new Answer.RunnerClosed(Durations.since(connectedAt));
        }
        Plan.Delivery.Trickle trickle = (Plan.Delivery.Trickle) d;
        return trickle(conn, offer, trickle.interval(), connectedAt);
    }

    private Answer trickle(RecordedSocket conn, byte[] offer, Duration interval, long connectedAt) throws IOException {
        transcript.note(Channel.HANDOFF, "trickling the offer: one byte every " + Durations.format(interval));
        Duration limit = timing.idleLimit();
        for (byte b : offer) {
            if (!conn.send(new byte[] {b}, "")) {
                return read(conn, timing.closeBound(), connectedAt);
            }
            Duration left = Durations.remaining(connectedAt, limit);
            Duration wait = interval.compareTo(left) < 0 ? interval : left;
            if (wait.isZero()) {
                return new Answer.Silent(Durations.since(connectedAt));
            }
            conn.socket().setSoTimeout(Durations.millis(wait));
            int first;
            try {
                first = conn.socket().getInputStream().read();
            } catch (SocketTimeoutException e) {
                continue;
            } catch (IOException e) {
                transcript.note(Channel.HANDOFF, "reading failed: " + Errors.message(e));
                return new Answer.Closed("reset: " + Errors.message(e), Durations.since(connectedAt));
            }
            if (first < 0) {
                transcript.note(Channel.HANDOFF, "end of stream");
                return new Answer.Closed("end of stream", Durations.since(connectedAt));
            }
            transcript.received(Channel.HANDOFF, new byte[] {(byte) first}, 0, 1);
            return answer(conn.readFrame(new byte[] {(byte) first}, Durations.remaining(connectedAt, limit), connectedAt, "HandoffAck"));
        }
        return read(conn, Durations.remaining(connectedAt, limit), connectedAt);
    }

    /** Read the backend's answer: a frame, end of stream / reset, or nothing within {@code wait}. */
    private static Answer read(RecordedSocket conn, Duration wait, long connectedAt) throws IOException {
        return answer(conn.readFrame(new byte[0], wait, connectedAt, "HandoffAck"));
    }

    /** A frame read on the handoff connection, as the answer to an offer: its payload decoded as a {@code HandoffAck}. */
    private static Answer answer(ReceivedFrame read) {
        if (read instanceof ReceivedFrame.Decoded d) {
            Optional<HandoffAck> ack = Decoding.ack(d.frame().getPayload()) instanceof Verdict.Accepted<HandoffAck> k
                    ? Optional.of(k.value()) : Optional.empty();
            return new Answer.Ack(d.wire(), d.frame(), ack, d.after());
        }
        if (read instanceof ReceivedFrame.Closed c) {
            return new Answer.Closed(c.how(), c.after());
        }
        if (read instanceof ReceivedFrame.Silent s) {
            return new Answer.Silent(s.after());
        }
        ReceivedFrame.Garbage g = (ReceivedFrame.Garbage) read;
        return new Answer.Garbage(g.bytes(), g.why(), g.after());
    }

    /**
     * After a refusing ACK, wait (bounded) for the backend to close the handoff connection: the
     * sign that it has finished that handoff (released the descriptor, revoked the token) before
     * the runner probes the connection or starts the next handoff.
     */
    private void awaitClose(RecordedSocket conn) {
        try {
            conn.socket().setSoTimeout(Durations.millis(timing.closeBound()));
            byte[] buffer = new byte[256];
            int n = conn.socket().getInputStream().read(buffer);
            if (n < 0) {
                transcript.note(Channel.HANDOFF, "the backend closed the handoff connection");
            } else {
                transcript.received(Channel.HANDOFF, buffer, 0, n);
                transcript.note(Channel.HANDOFF, "more bytes after the ACK");
            }
        } catch (SocketTimeoutException e) {
            transcript.note(Channel.HANDOFF, "the backend still holds the handoff connection open " + Durations.format(timing.closeBound()) + " later");
        } catch (IOException e) {
            transcript.note(Channel.HANDOFF, "the backend closed the handoff connection (" + Errors.message(e) + ")");
        }
    }

    /** After an accepted ACK: the runner's copy is gone; the probe must come back through the backend. */
    private Fate adopted(PassedConnection p, Optional<Plan.Echo> echo) {
        RecordedSocket client = p.client();
        byte[] probe = Fresh.bytes(PROBE_BYTES);
        try {
            client.write(probe, "probe through the adopted connection");
            byte[] back = client.readExactly(probe.length, timing.ackTimeout());
            boolean echoed = Arrays.equals(back, probe);
            String detail = echoed ? "the probe came back" : back.length == 0
                    ? "the probe did not come back within " + Durations.format(timing.ackTimeout())
                    : "got " + back.length + " other bytes instead of the probe";
            Optional<Boolean> ended = Optional.empty();
            if (echoed && echo.isPresent()) {
                byte[] bulk = Fresh.bytes(echo.get().bytes());
                client.write(bulk, echo.get().bytes() + " bytes through the adopted connection");
                byte[] bulkBack = client.readExactly(bulk.length, timing.ackTimeout());
                boolean all = Arrays.equals(bulk, bulkBack);
                client.endSending();
                transcript.note(Channel.CLIENT, "the client end stops sending (shutdown of its writing side)");
                RecordedSocket.End end = client.readEnd(timing.closeBound());
                ended = Optional.of(all && end == RecordedSocket.End.END);
                detail += all ? ", " + bulk.length + " bytes came back" : ", only " + bulkBack.length + " of " + bulk.length + " bytes came back";
                detail += switch (end) {
                    case END -> ", then the backend ended the connection";
                    case SILENT -> ", but the backend did not end the connection within " + Durations.format(timing.closeBound());
                    case DATA -> ", then more bytes arrived instead of the end of the stream";
                };
            }
            return new Fate.Adopted(echoed, detail, ended);
        } catch (IOException e) {
            return new Fate.Adopted(false, "the adopted connection failed: " + Errors.message(e), echo.map(x -> false));
        }
    }

    /** After anything else: the runner's copy must still work both ways, and be the last copy. */
    private Fate kept(PassedConnection p) {
        Duration wait = timing.closeBound();
        StringBuilder there = new StringBuilder();
        StringBuilder back = new StringBuilder();
        boolean clientToBroker = DescriptorProbes.crosses(p.client(), p.copy(), "client end → broker's copy", wait, there);
        boolean brokerToClient = DescriptorProbes.crosses(p.copy(), p.client(), "broker's copy → client end", wait, back);
        RecordedSocket.End end = DescriptorProbes.endAfterDrop(p, wait);
        String ending = switch (end) {
            case END -> "after the runner dropped its copy the client end saw the end of the stream (no copy left in the backend)";
            case SILENT -> "after the runner dropped its copy the client end saw no end of stream within "
                    + Durations.format(wait) + ": the backend still holds a copy of the descriptor";
            case DATA -> "after the runner dropped its copy the backend wrote on the connection: it adopted it";
        };
        List<String> failed = new ArrayList<>();
        List<String> held = new ArrayList<>();
        (clientToBroker ? held : failed).add(strip(there));
        (brokerToClient ? held : failed).add(strip(back));
        (end == RecordedSocket.End.END ? held : failed).add(ending);
        return new Fate.Kept(clientToBroker, brokerToClient, end == RecordedSocket.End.END, String.join("; ", failed), String.join("; ", held));
    }

    private static String strip(StringBuilder probe) {
        return probe.toString().strip().replaceAll(";$", "");
    }

    private void endSending(RecordedSocket conn) {
        try {
            conn.endSending();
            transcript.note(Channel.HANDOFF, "the runner ends its sending side (the backend reads end of stream next)");
        } catch (IOException e) {
            transcript.note(Channel.HANDOFF, "ending the sending side failed: " + Errors.message(e));
        }
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
