package io.handoffkit.transport.unix;

import io.handoffkit.backend.AckWriter;
import io.handoffkit.backend.OfferReader;
import io.handoffkit.backend.OfferReceived;
import io.handoffkit.proto.v1.HandoffAck;
import io.handoffkit.wire.FrameWriter;
import io.handoffkit.wire.HandoffFrames;
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
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.newsclub.net.unix.AFUNIXServerSocket;
import org.newsclub.net.unix.AFUNIXSocket;
import org.newsclub.net.unix.AFUNIXSocketAddress;

/**
 * A backend that receives the descriptor and the offer like a real one and then does not answer
 * ({@link Mode#SILENT}) or answers one byte every {@code trickle} ({@link Mode#TRICKLE}), until the
 * broker hangs up; then it closes what it received (without shutdown) and the stream.
 */
final class MisbehavingBackend implements AutoCloseable {

    enum Mode { SILENT, TRICKLE }

    private final AFUNIXServerSocket server;
    private final Mode mode;
    private final Duration trickle;
    private final ExecutorService threads = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "misbehaving-backend");
        t.setDaemon(true);
        return t;
    });
    private final AtomicInteger active = new AtomicInteger();
    private final AtomicInteger offersSeen = new AtomicInteger();
    private volatile boolean closed;

    MisbehavingBackend(Path path, Mode mode, Duration trickle) throws IOException {
        this.mode = mode;
        this.trickle = trickle;
        this.server = AFUNIXServerSocket.newInstance();
        server.setDeleteOnClose(true);
        server.bind(AFUNIXSocketAddress.of(path), 128);
        threads.execute(this::acceptLoop);
    }

    int offersSeen() {
        return offersSeen.get();
    }

    boolean awaitIdle(Duration timeout) throws InterruptedException {
        long end = System.nanoTime() + timeout.toNanos();
        while (active.get() > 0) {
            if (System.nanoTime() - end > 0) {
                return false;
            }
            Thread.sleep(5);
        }
        return true;
    }

    private void acceptLoop() {
        while (!closed) {
            AFUNIXSocket stream;
            try {
                stream = server.accept();
            } catch (IOException e) {
                continue;
            }
            active.incrementAndGet();
            threads.execute(() -> serve(stream));
        }
    }

    private void serve(AFUNIXSocket stream) {
        List<FileDescriptor> received = new ArrayList<>();
        try {
            AncillaryBuffer.size(stream, AncillaryBuffer.NO_TRUNCATION_BYTES);
            InputStream in = stream.getInputStream();
            byte[] sideband = in.readNBytes(16);
            received.addAll(Arrays.asList(stream.getReceivedFileDescriptors()));
            Verdict<OfferReceived> offer = OfferReader.read(in);
            received.addAll(Arrays.asList(stream.getReceivedFileDescriptors()));
            if (sideband.length == 16 && offer instanceof Verdict.Accepted<OfferReceived> accepted) {
                offersSeen.incrementAndGet();
                if (mode == Mode.TRICKLE) {
                    HandoffAck ack = AckWriter.answer(accepted.value().offer(), Optional.empty());
                    byte[] wire = FrameWriter.encode(HandoffFrames.ack(ack));
                    OutputStream out = stream.getOutputStream();
                    for (byte b : wire) {
                        Thread.sleep(trickle.toMillis());
                        out.write(b);
                        out.flush();
                    }
                }
            }
            while (in.read() >= 0) {
                // silent until the broker hangs up
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
    }
}
