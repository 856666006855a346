package io.handoffkit.transport.unix;

import io.handoffkit.backend.AckWriter;
import io.handoffkit.backend.OfferReader;
import io.handoffkit.backend.OfferReceived;
import io.handoffkit.proto.v1.HandoffAck;
import io.handoffkit.token.Token;
import io.handoffkit.wire.FrameWriter;
import io.handoffkit.wire.HandoffFrames;
import io.handoffkit.wire.ReasonCode;
import io.handoffkit.wire.Rejection;
import io.handoffkit.wire.Verdict;
import java.io.FileDescriptor;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.newsclub.net.unix.AFUNIXServerSocket;
import org.newsclub.net.unix.AFUNIXSocket;
import org.newsclub.net.unix.AFUNIXSocketAddress;
import org.newsclub.net.unix.FileDescriptorCast;

/**
 * A backend for testing brokers: it receives the sideband and the offer like a real one, records
 * what arrived, and answers as told ({@link #answer(Answer)}): accept, refuse, answer wrongly, late,
 * trickling, not at all, or hang up. After {@link Answer#ACCEPT} it hands the received connection
 * to the test ({@link Handoff#adopted()}, a duplicate the test must drop); after anything else it
 * closes what it received without shutdown, as a backend that does not adopt must.
 */
final class ScriptedBackend implements AutoCloseable {

    enum Answer {
        /** an accepted ACK echoing the offer */
        ACCEPT,
        /** accepted=false with a detail */
        REFUSE,
        /** accepted, but echoing another token */
        WRONG_TOKEN_ECHO,
        /** accepted, but with another correlation id in the ACK */
        WRONG_CORRELATION,
        /** bytes that are not a frame */
        MALFORMED,
        /** an accepted ACK after the delay */
        LATE,
        /** an accepted ACK, one byte per delay */
        TRICKLE,
        /** no answer until the broker hangs up */
        SILENT,
        /** close the handoff stream without an answer */
        HANG_UP
    }

    /**
     * One handoff stream as received: the sideband bytes, how many descriptors came with them, whether
     * the first one was in non-blocking mode, the offer, and (after ACCEPT) the adopted connection.
     */
    record Handoff(byte[] sideband, int descriptors, Optional<Boolean> nonBlocking, Verdict<OfferReceived> offer,
                   Optional<FileDescriptor> adopted) {}

    private final AFUNIXServerSocket server;
    private final Duration delay;
    private volatile Answer answer;
    private volatile Runnable onSideband = () -> { };
    private final BlockingQueue<Handoff> handoffs = new LinkedBlockingQueue<>();
    private final ExecutorService threads = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "scripted-backend");
        t.setDaemon(true);
        return t;
    });
    private final AtomicInteger active = new AtomicInteger();
    private final AtomicInteger streams = new AtomicInteger();
    private final AtomicInteger offersSeen = new AtomicInteger();
    private volatile boolean closed;

    /** @param delay how late a {@link Answer#LATE} ACK comes; the pause between the bytes of a {@link Answer#TRICKLE} one */
    ScriptedBackend(Path path, Answer answer, Duration delay) throws IOException {
        this.answer = answer;
        this.delay = delay;
        this.server = AFUNIXServerSocket.newInstance();
        server.setDeleteOnClose(true);
        server.bind(AFUNIXSocketAddress.of(path), 128);
        threads.execute(this::acceptLoop);
    }

    /** How to answer the handoffs from now on. */
    void answer(Answer next) {
        this.answer = next;
    }

    /** Run on the backend's thread once a sideband has arrived, before the offer is read. */
    void onSideband(Runnable hook) {
        this.onSideband = hook;
    }

    /** The next handoff received, waiting at most {@code within}. */
    Handoff next(Duration within) throws InterruptedException {
        Handoff h = handoffs.poll(within.toMillis(), TimeUnit.MILLISECONDS);
        if (h == null) {
            throw new AssertionError("no handoff reached the backend within " + within);
        }
        return h;
    }

    /** Handoff streams dialled so far. */
    int streams() {
        return streams.get();
    }

    int offersSeen() {
        return offersSeen.get();
    }

    boolean awaitIdle(Duration timeout) throws InterruptedException {
        return WorkerThreads.await(() -> active.get() == 0, timeout);
    }

    private void acceptLoop() {
        while (!closed) {
            AFUNIXSocket stream;
            try {
                stream = server.accept();
            } catch (IOException e) {
                continue;
            }
            streams.incrementAndGet();
            active.incrementAndGet();
            threads.execute(() -> serve(stream));
        }
    }

    private void serve(AFUNIXSocket stream) {
        List<FileDescriptor> received = new ArrayList<>();
        Optional<FileDescriptor> adopted = Optional.empty();
        try {
            AncillaryBuffer.size(stream, AncillaryBuffer.NO_TRUNCATION_BYTES);
            InputStream in = stream.getInputStream();
            byte[] sideband = in.readNBytes(Token.LENGTH);
            received.addAll(Arrays.asList(stream.getReceivedFileDescriptors()));
            int descriptors = received.size();
            Optional<Boolean> nonBlocking = received.isEmpty() ? Optional.empty() : Descriptors.nonBlocking(received.get(0));
            onSideband.run();
            Verdict<OfferReceived> offer = OfferReader.read(in);
            received.addAll(Arrays.asList(stream.getReceivedFileDescriptors()));
            Answer now = answer;
            if (offer instanceof Verdict.Accepted<OfferReceived> accepted) {
                offersSeen.incrementAndGet();
                respond(stream, accepted.value(), now);
                if (now == Answer.ACCEPT && descriptors == 1) {
                    // junixsocket closes the descriptors it received when the stream closes: keep a duplicate
                    adopted = Optional.of(FileDescriptorCast.duplicating(received.get(0)).getFileDescriptor());
                }
            }
            handoffs.add(new Handoff(sideband, descriptors, nonBlocking, offer, adopted));
            if (now == Answer.SILENT || now == Answer.LATE || now == Answer.TRICKLE) {
                while (in.read() >= 0) {
                    // until the broker hangs up
                }
            }
        } catch (IOException | InterruptedException e) {
            // the broker hung up
        } finally {
            try {
                received.addAll(Arrays.asList(stream.getReceivedFileDescriptors()));
            } catch (IOException e) {
                // nothing more
            }
            Descriptors.dropAllWithoutShutdown(received);
            UnixFixtures.closeQuietly(stream);
            active.decrementAndGet();
        }
    }

    private void respond(AFUNIXSocket stream, OfferReceived offer, Answer now) throws IOException, InterruptedException {
        HandoffAck accepted = AckWriter.answer(offer.offer(), Optional.empty());
        OutputStream out = stream.getOutputStream();
        switch (now) {
            case ACCEPT -> FrameWriter.write(out, HandoffFrames.ack(accepted));
            case REFUSE -> FrameWriter.write(out, HandoffFrames.ack(AckWriter.answer(offer.offer(),
                    Optional.of(new Rejection(ReasonCode.TOKEN_MISMATCH, "TOKEN-4", "handoff token mismatch")))));
            case WRONG_TOKEN_ECHO -> FrameWriter.write(out, HandoffFrames.ack(accepted.toBuilder()
                    .setToken(Token.random(UnixFixtures.RANDOM).toByteString()).build()));
            case WRONG_CORRELATION -> FrameWriter.write(out, HandoffFrames.ack(accepted.toBuilder()
                    .setCorrelationId(accepted.getCorrelationId() + 1).build()));
            case MALFORMED -> {
                out.write(new byte[] {2, 0, 0, 0, 0});
                out.flush();
            }
            case LATE -> {
                Thread.sleep(delay.toMillis());
                FrameWriter.write(out, HandoffFrames.ack(accepted));
            }
            case TRICKLE -> {
                for (byte b : FrameWriter.encode(HandoffFrames.ack(accepted))) {
                    Thread.sleep(delay.toMillis());
                    out.write(b);
                    out.flush();
                }
            }
            case SILENT, HANG_UP -> { }
        }
    }

    @Override
    public void close() throws IOException {
        closed = true;
        server.close();
        threads.shutdownNow();
        try {
            threads.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        Handoff h;
        while ((h = handoffs.poll()) != null) {
            h.adopted().ifPresent(Descriptors::dropWithoutShutdown);
        }
    }
}
