package io.handoffkit.conformance.runner.faulty;

import com.google.protobuf.ByteString;
import com.google.protobuf.CodedInputStream;
import com.google.protobuf.WireFormat;
import io.handoffkit.backend.AckWriter;
import io.handoffkit.backend.OfferReader;
import io.handoffkit.backend.OfferReceived;
import io.handoffkit.backend.TokenJudgement;
import io.handoffkit.proto.v1.Frame;
import io.handoffkit.proto.v1.FrameKind;
import io.handoffkit.proto.v1.HandoffAck;
import io.handoffkit.proto.v1.PayloadEncoding;
import io.handoffkit.time.Clock;
import io.handoffkit.token.Issuance;
import io.handoffkit.token.Token;
import io.handoffkit.token.TokenStore;
import io.handoffkit.transport.unix.Descriptors;
import io.handoffkit.wire.DeadlineInputStream;
import io.handoffkit.wire.Decoding;
import io.handoffkit.wire.FrameReader;
import io.handoffkit.wire.Framing;
import io.handoffkit.wire.ReasonCode;
import io.handoffkit.wire.Rejection;
import io.handoffkit.wire.Verdict;
import java.io.Closeable;
import java.io.FileDescriptor;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;
import org.newsclub.net.unix.AFUNIXServerSocket;
import org.newsclub.net.unix.AFUNIXSocket;
import org.newsclub.net.unix.AFUNIXSocketAddress;
import org.newsclub.net.unix.FileDescriptorCast;

/**
 * A small backend of the profile (SPEC.md Appendix A) built from the reference's own wire and
 * backend classes (frame reader, decoding, envelope and offer checks, token judgement, ACK
 * writer), with at most one deliberate {@link Fault}: the self-validation targets of the runner.
 * One handoff per connection, one thread per connection.
 */
public final class MiniBackend implements AutoCloseable {

    private final Fault fault;
    private final Duration offerDeadline;
    private final Runnable onCrash;
    /** one line per handoff's outcome (a process prints it, so reports can place it next to its case) */
    private final Consumer<String> log;
    private final AFUNIXServerSocket server;
    private final ExecutorService threads = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "mini-backend");
        t.setDaemon(true);
        return t;
    });
    private final TokenStore tokens = new TokenStore();
    private final Set<Token> seen = new HashSet<>();
    /** what the leaking faults keep open (so the GC cannot close it either) */
    private final List<Object> leaked = new CopyOnWriteArrayList<>();
    private final List<AFUNIXSocket> open = new CopyOnWriteArrayList<>();
    private volatile boolean closed;

    private MiniBackend(Path socket, Fault fault, Duration offerDeadline, Runnable onCrash, Consumer<String> log) throws IOException {
        this.log = log;
        this.fault = fault;
        this.offerDeadline = offerDeadline;
        this.onCrash = onCrash;
        this.server = AFUNIXServerSocket.newInstance();
        server.setDeleteOnClose(true);
        server.bind(AFUNIXSocketAddress.of(socket));
        Thread acceptor = new Thread(this::acceptLoop, "mini-backend-accept");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /**
     * @param onCrash what "crashing" means: in process, {@link #close}; as a process, exit
     * @param log where each handoff's outcome is told
     */
    public static MiniBackend start(Path socket, Fault fault, Duration offerDeadline, Runnable onCrash, Consumer<String> log) throws IOException {
        return new MiniBackend(socket, fault, offerDeadline, onCrash, log);
    }

    /** In process: a crash stops the backend (it no longer accepts). */
    public static MiniBackend start(Path socket, Fault fault, Duration offerDeadline) throws IOException {
        MiniBackend[] self = new MiniBackend[1];
        self[0] = new MiniBackend(socket, fault, offerDeadline, () -> self[0].close(), line -> {});
        return self[0];
    }

    private void acceptLoop() {
        while (!closed) {
            try {
                AFUNIXSocket conn = server.accept();
                open.add(conn);
                threads.execute(() -> {
                    try {
                        serve(conn);
                    } catch (IOException | RuntimeException e) {
                        // this handoff ends
                    } finally {
                        closeQuietly(conn);
                        open.remove(conn);
                    }
                });
            } catch (IOException e) {
                if (closed) {
                    return;
                }
            }
        }
    }

    private void serve(AFUNIXSocket conn) throws IOException {
        conn.setAncillaryReceiveBufferSize(1024);
        Collector collector = new Collector(conn);
        InputStream in = switch (fault) {
            case NEVER_TIMES_OUT -> collector;
            case TRICKLE_EXTENDS_DEADLINE -> {
                conn.setSoTimeout((int) offerDeadline.toMillis()); // per read: every byte restarts it
                yield collector;
            }
            default -> new DeadlineInputStream(collector, Clock.system(), System.nanoTime() + offerDeadline.toNanos(), conn::setSoTimeout);
        };
        byte[] sideband = new byte[Token.LENGTH];
        int filled = 0;
        try {
            while (filled < sideband.length) {
                int n = in.read(sideband, filled, sideband.length - filled);
                if (n < 0) {
                    break;
                }
                filled += n;
            }
        } catch (IOException e) {
            // judged below on what arrived
        }
        List<FileDescriptor> fds = collector.drain();
        if (filled < sideband.length) {
            if (fault == Fault.LEAKS_ON_SHORT_SIDEBAND) {
                fds.forEach(this::leak);
            } else {
                fds.forEach(MiniBackend::drop);
            }
            return;
        }
        if (fds.size() != 1) {
            if (fault == Fault.TAKES_FIRST_OF_SEVERAL_DESCRIPTORS && fds.size() > 1) {
                fds.subList(1, fds.size()).forEach(this::leak);
                fds = List.of(fds.get(0));
            } else {
                fds.forEach(MiniBackend::drop);
                return;
            }
        }
        FileDescriptor fd = fds.get(0);
        Token token = Token.of(sideband).orElseThrow();
        boolean registered;
        synchronized (seen) {
            registered = seen.add(token) && tokens.register(token, System.nanoTime()) instanceof Issuance.Issued;
        }
        boolean adopted = false;
        try {
            adopted = exchange(conn, in, fd, token);
        } finally {
            if (registered && !adopted) {
                tokens.revoke(token);
            }
        }
    }

    private boolean exchange(AFUNIXSocket conn, InputStream in, FileDescriptor fd, Token sideband) throws IOException {
        Verdict<OfferReceived> read = readOffer(in);
        if (read instanceof Verdict.Rejected<OfferReceived> r) {
            ReasonCode reason = r.rejection().reason();
            log.accept("offer rejected: " + reason + " (" + r.rejection().detail() + ")");
            if (fault == Fault.CRASHES_ON_TRUNCATED_FRAME && (reason == ReasonCode.TRUNCATED_FRAMING_BYTE
                    || reason == ReasonCode.TRUNCATED_LENGTH || reason == ReasonCode.TRUNCATED_BODY)) {
                onCrash.run();
                return false;
            }
            if (fault == Fault.SHUTS_DOWN_AFTER_MALFORMED) {
                closeQuietly(FileDescriptorCast.using(fd).as(AFUNIXSocket.class)); // junixsocket's close shuts the connection down
            } else {
                drop(fd);
            }
            return false;
        }
        OfferReceived offer = ((Verdict.Accepted<OfferReceived>) read).value();
        if (fault == Fault.ADOPTS_BEFORE_TOKEN_CHECK) {
            adopt(fd);
        }
        Optional<Rejection> judgement = TokenJudgement.judge(tokens, sideband, offer.offer().getToken(), System.nanoTime());
        if (fault == Fault.ACCEPTS_MISMATCHED_TOKEN && judgement.isPresent() && judgement.get().reason() == ReasonCode.TOKEN_MISMATCH) {
            tokens.revoke(sideband);
            judgement = Optional.empty();
        }
        if (fault == Fault.REUSES_CONSUMED_TOKEN && judgement.isEmpty()) {
            synchronized (seen) {
                seen.remove(sideband);
            }
        }
        log.accept(judgement.map(j -> "token refused: " + j.detail()).orElse("handoff accepted"));
        HandoffAck ack = AckWriter.answer(offer.offer(), judgement);
        if (fault == Fault.NO_CORRELATION_ECHO) {
            ack = ack.toBuilder().setCorrelationId(0).build();
        }
        if (fault == Fault.ECHOES_SIDEBAND_TOKEN) {
            ack = ack.toBuilder().setToken(sideband.toByteString()).build();
        }
        AckWriter.write(conn.getOutputStream(), ack);
        if (fault == Fault.ADOPTS_BEFORE_TOKEN_CHECK) {
            return judgement.isEmpty();
        }
        if (judgement.isPresent()) {
            if (fault == Fault.LEAKS_AFTER_REFUSAL) {
                leak(fd);
            } else {
                drop(fd);
            }
            return false;
        }
        if (fault == Fault.NEVER_ADOPTS) {
            drop(fd);
            return true;
        }
        adopt(fd);
        return true;
    }

    /** The reference's read of an offer, with the faults that skip a step of it. */
    private Verdict<OfferReceived> readOffer(InputStream in) {
        int cap = fault == Fault.HELLO_CAP_FOR_OFFERS ? Framing.MAX_HELLO_FRAME_BYTES : Framing.MAX_FRAME_BYTES;
        Verdict<Frame> frame = FrameReader.read(in, cap).then(body -> Decoding.frame(body, "HandoffOffer"));
        if (!(frame instanceof Verdict.Accepted<Frame> f)) {
            return frame.then(x -> Verdict.reject(ReasonCode.IO, "OFFER-1", "unreachable"));
        }
        if (fault == Fault.REJECTS_GROUPS && (hasGroup(f.value().toByteString()) || hasGroup(f.value().getPayload()))) {
            return Verdict.reject(ReasonCode.FRAME_UNDECODABLE, "DEC-1", "a group (this decoder knows no groups)");
        }
        Frame checked = switch (fault) {
            case IGNORES_KIND -> f.value().toBuilder().setKind(FrameKind.FRAME_KIND_REQUEST).build();
            case ACCEPTS_COMPRESSED -> f.value().toBuilder().setPayloadEncoding(PayloadEncoding.PAYLOAD_ENCODING_NONE).build();
            default -> f.value();
        };
        if (fault == Fault.SKIPS_CORRELATION_CHECK) {
            Verdict<io.handoffkit.proto.v1.HandoffOffer> o = Decoding.offer(checked.getPayload());
            if (o instanceof Verdict.Accepted<io.handoffkit.proto.v1.HandoffOffer> a) {
                checked = checked.toBuilder().setRequestId(a.value().getCorrelationId()).build();
            }
        }
        return OfferReader.check(checked);
    }

    /** True when {@code message} has a group among its top-level fields (protobuf-java keeps unknown ones when re-encoding). */
    private static boolean hasGroup(ByteString message) {
        CodedInputStream in = message.newCodedInput();
        try {
            while (!in.isAtEnd()) {
                int tag = in.readTag();
                if (WireFormat.getTagWireType(tag) == WireFormat.WIRETYPE_START_GROUP) {
                    return true;
                }
                in.skipField(tag);
            }
        } catch (IOException e) {
            // not a message: the reference's decoding judges it
        }
        return false;
    }

    /** Serve the connection: echo until end of stream. The backend owns it now, so a full close is right. */
    private void adopt(FileDescriptor fd) throws IOException {
        AFUNIXSocket socket = FileDescriptorCast.duplicating(fd).as(AFUNIXSocket.class);
        drop(fd);
        open.add(socket);
        threads.execute(() -> {
            try (socket) {
                InputStream in = socket.getInputStream();
                OutputStream out = socket.getOutputStream();
                byte[] buffer = new byte[8192];
                for (int n; (n = in.read(buffer)) >= 0; ) {
                    out.write(buffer, 0, n);
                    out.flush();
                }
            } catch (IOException e) {
                // the client went away
            } finally {
                open.remove(socket);
            }
        });
    }

    /**
     * Keep a copy open for good: junixsocket closes the received descriptors it still tracks when
     * the handoff connection closes, so a real leak needs a duplicate.
     */
    private void leak(FileDescriptor fd) {
        try {
            leaked.add(FileDescriptorCast.duplicating(fd).as(AFUNIXSocket.class));
        } catch (IOException e) {
            // cannot even leak it
        }
        drop(fd);
    }

    /** close(2) of our copy only. */
    private static void drop(FileDescriptor fd) {
        Descriptors.dropWithoutShutdown(fd);
    }

    private static void closeQuietly(Closeable c) {
        Descriptors.closeSocket(c);
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        closeQuietly(server);
        open.forEach(MiniBackend::closeQuietly);
        for (Object o : leaked) {
            if (o instanceof Closeable c) {
                closeQuietly(c);
            }
        }
        threads.shutdownNow();
    }

    /** Collects the descriptors that arrive with each read. */
    private static final class Collector extends FilterInputStream {
        private final AFUNIXSocket socket;
        private final List<FileDescriptor> fds = new ArrayList<>();

        Collector(AFUNIXSocket socket) throws IOException {
            super(socket.getInputStream());
            this.socket = socket;
        }

        @Override
        public int read() throws IOException {
            try {
                return super.read();
            } finally {
                collect();
            }
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            try {
                return super.read(b, off, len);
            } finally {
                collect();
            }
        }

        private void collect() {
            try {
                FileDescriptor[] got = socket.getReceivedFileDescriptors();
                if (got != null) {
                    fds.addAll(Arrays.asList(got));
                }
            } catch (IOException e) {
                // nothing collected
            }
        }

        List<FileDescriptor> drain() {
            collect();
            List<FileDescriptor> out = new ArrayList<>(fds);
            fds.clear();
            return out;
        }
    }
}
