package io.handoffkit.conformance.runner.drive;

import io.handoffkit.conformance.runner.model.Durations;
import io.handoffkit.conformance.runner.model.Errors;
import io.handoffkit.conformance.runner.model.Transcript;
import io.handoffkit.conformance.runner.model.Transcript.Channel;
import io.handoffkit.proto.v1.Frame;
import io.handoffkit.time.Clock;
import io.handoffkit.transport.unix.AncillaryBuffer;
import io.handoffkit.wire.DeadlineExceededException;
import io.handoffkit.wire.DeadlineInputStream;
import io.handoffkit.wire.Decoding;
import io.handoffkit.wire.FrameReader;
import io.handoffkit.wire.Framing;
import io.handoffkit.wire.Verdict;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.FileDescriptor;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.net.SocketTimeoutException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.newsclub.net.unix.AFUNIXSocket;
import org.newsclub.net.unix.AFUNIXSocketAddress;

/**
 * One end of a connection the runner holds, with every byte sent and received, and every event,
 * recorded in the transcript on its channel: the recorded-I/O layer every driver is built on.
 *
 * <p>A <em>shared</em> end is a descriptor another process may hold a copy of (the runner's copy
 * of a passed connection): its read timeout and blocking mode belong to the socket, not the
 * descriptor, so changing them would change them for the other copy too. Reads on a shared end
 * never touch the socket: a helper thread does a plain blocking read, abandoned if the bytes do
 * not come in time (its read ends with the connection).
 */
public final class RecordedSocket implements AutoCloseable {

    /** How a wait for the end of a connection ended. */
    public enum End { END, SILENT, DATA }

    /** Helper threads for the reads on shared ends. */
    private static final ExecutorService READERS = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "handoff-kit-probe-reader");
        t.setDaemon(true);
        return t;
    });

    private final AFUNIXSocket socket;
    private final Channel channel;
    private final Transcript transcript;
    private final boolean shared;

    private RecordedSocket(AFUNIXSocket socket, Channel channel, Transcript transcript, boolean shared) {
        this.socket = socket;
        this.channel = channel;
        this.transcript = transcript;
        this.shared = shared;
    }

    /** An end only the runner holds. */
    public static RecordedSocket of(AFUNIXSocket socket, Channel channel, Transcript transcript) {
        return new RecordedSocket(socket, channel, transcript, false);
    }

    /** An end another process may hold a copy of: never read with a socket timeout. */
    public static RecordedSocket shared(AFUNIXSocket socket, Channel channel, Transcript transcript) {
        return new RecordedSocket(socket, channel, transcript, true);
    }

    /** Dial {@code path} ({@code peer} names who listens there, for the messages). */
    public static RecordedSocket connect(Path path, Channel channel, Transcript transcript, String peer) throws IOException {
        try {
            AFUNIXSocket s = AFUNIXSocket.connectTo(AFUNIXSocketAddress.of(path));
            transcript.note(channel, "connected to " + path);
            return of(s, channel, transcript);
        } catch (IOException e) {
            throw new IOException("cannot connect to " + peer + " at " + path + ": " + Errors.message(e), e);
        }
    }

    public AFUNIXSocket socket() {
        return socket;
    }

    public Channel channel() {
        return channel;
    }

    public Transcript transcript() {
        return transcript;
    }

    public boolean isClosed() {
        return socket.isClosed();
    }

    /** Pass these descriptors in one {@code SCM_RIGHTS} message with the next bytes sent. */
    public void passDescriptors(FileDescriptor... descriptors) throws IOException {
        socket.setOutboundFileDescriptors(descriptors);
    }

    /** Send; false (noted) when the peer is no longer reading. Nothing to send is no write at all. */
    public boolean send(byte[] bytes, String note) {
        if (bytes.length == 0) {
            return true;
        }
        transcript.sent(channel, bytes, note);
        try {
            socket.getOutputStream().write(bytes);
            socket.getOutputStream().flush();
            return true;
        } catch (IOException e) {
            transcript.note(channel, "sending failed: " + Errors.message(e));
            return false;
        }
    }

    /** Send; a failure is thrown. */
    public void write(byte[] bytes, String note) throws IOException {
        transcript.sent(channel, bytes, note);
        socket.getOutputStream().write(bytes);
        socket.getOutputStream().flush();
    }

    /**
     * Shut the sending side down (the peer reads end of stream next), through the channel: on JDK 25
     * {@code java.net.Socket.shutdownOutput()} refuses junixsocket sockets ("Socket is not connected").
     */
    public void endSending() throws IOException {
        socket.getChannel().shutdownOutput();
    }

    /** What one sideband receive brought: its bytes and every descriptor that came with them. */
    public record Sideband(byte[] bytes, List<FileDescriptor> descriptors) {
        public Sideband {
            bytes = bytes.clone();
            descriptors = List.copyOf(descriptors);
        }

        @Override
        public byte[] bytes() {
            return bytes.clone();
        }
    }

    /**
     * Receive a sideband message ({@code SCM_RIGHTS}): up to {@code n} bytes within {@code wait},
     * collecting the descriptors after every read (junixsocket hands them out per read). The
     * receive buffer for control messages is sized first; the caller owns the descriptors.
     */
    public Sideband receiveSideband(int n, Duration wait) throws IOException {
        AncillaryBuffer.size(socket, AncillaryBuffer.NO_TRUNCATION_BYTES);
        List<FileDescriptor> fds = new ArrayList<>();
        byte[] got;
        try {
            got = readWithTimeout(n, wait, () -> collect(fds));
        } catch (IOException e) {
            transcript.note(channel, "reading the sideband failed: " + Errors.message(e));
            got = new byte[0];
        } finally {
            collect(fds);
        }
        transcript.note(channel, "sideband: " + got.length + " bytes, " + fds.size() + " descriptor(s)");
        return new Sideband(got, fds);
    }

    /** The descriptors that arrived with the bytes read since the last call (the caller owns them). */
    public List<FileDescriptor> receivedDescriptors() {
        List<FileDescriptor> fds = new ArrayList<>();
        collect(fds);
        return fds;
    }

    private void collect(List<FileDescriptor> into) {
        try {
            FileDescriptor[] got = socket.getReceivedFileDescriptors();
            if (got != null) {
                into.addAll(Arrays.asList(got));
            }
        } catch (IOException e) {
            // nothing to collect
        }
    }

    /** Up to {@code n} bytes within {@code wait}: fewer at end of stream or when the time is up. */
    public byte[] readExactly(int n, Duration wait) throws IOException {
        return shared ? readWithoutTimeout(n, wait) : readWithTimeout(n, wait, () -> { });
    }

    /** End of stream (or reset), silence, or data within {@code wait}. */
    public End readEnd(Duration wait) throws IOException {
        if (socket.isClosed()) {
            transcript.note(channel, "the connection is closed");
            return End.END;
        }
        byte[] buffer = new byte[256];
        try {
            socket.setSoTimeout(Durations.millis(wait));
            int n = socket.getInputStream().read(buffer);
            if (n < 0) {
                transcript.note(channel, "end of stream");
                return End.END;
            }
            transcript.received(channel, buffer, 0, n);
            return End.DATA;
        } catch (SocketTimeoutException e) {
            transcript.note(channel, "no end of stream within " + Durations.format(wait));
            return End.SILENT;
        } catch (IOException e) {
            transcript.note(channel, "reset: " + Errors.message(e));
            return End.END;
        }
    }

    /**
     * Read one frame within {@code wait}: a frame that decodes as a {@code Frame}, the end of the
     * connection, nothing, or garbage. {@code already}: bytes of it the caller has read (and
     * recorded) itself; {@code startNanos}: when the exchange began (for {@link ReceivedFrame#after()});
     * {@code payload}: the payload's name, for the messages.
     */
    public ReceivedFrame readFrame(byte[] already, Duration wait, long startNanos, String payload) throws IOException {
        if (socket.isClosed()) {
            return new ReceivedFrame.Closed("connection already closed", Durations.since(startNanos));
        }
        InputStream raw = socket.getInputStream();
        if (already.length > 0) {
            raw = new SequenceInputStream(new ByteArrayInputStream(already), raw);
        }
        Recording rec = new Recording(raw, already.length == 0 ? transcript : null, channel);
        Clock clock = Clock.system();
        long deadline = clock.nanos() + Math.max(1, wait.toNanos());
        DeadlineWatch in = new DeadlineWatch(new DeadlineInputStream(rec, clock, deadline, socket::setSoTimeout));
        Verdict<byte[]> body = FrameReader.read(in, Framing.MAX_FRAME_BYTES);
        boolean timedOut = in.timedOut;
        byte[] seen = rec.seen.toByteArray();
        if (already.length > 0) {
            transcript.received(channel, seen, already.length, seen.length - already.length);
        }
        Duration after = Durations.since(startNanos);
        if (body instanceof Verdict.Accepted<byte[]> a) {
            Verdict<Frame> frame = Decoding.frame(a.value(), payload);
            if (frame instanceof Verdict.Accepted<Frame> f) {
                return new ReceivedFrame.Decoded(seen, f.value(), after);
            }
            return new ReceivedFrame.Garbage(seen, ((Verdict.Rejected<Frame>) frame).rejection().toString(), after);
        }
        String why = ((Verdict.Rejected<byte[]>) body).rejection().detail();
        if (seen.length == 0) {
            if (timedOut) {
                return new ReceivedFrame.Silent(after);
            }
            transcript.note(channel, rec.failure == null ? "end of stream" : "reading failed: " + rec.failure);
            return new ReceivedFrame.Closed(rec.failure == null ? "end of stream" : "reset: " + rec.failure, after);
        }
        return new ReceivedFrame.Garbage(seen, timedOut ? "an incomplete frame, then silence" : why, after);
    }

    /** Close the whole connection (shutdown included): for a connection that is the runner's alone. */
    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException e) {
            // closed either way
        }
    }

    /** {@code afterRead} runs after every read, whatever it brought (descriptors come per read). */
    private byte[] readWithTimeout(int n, Duration wait, Runnable afterRead) throws IOException {
        long deadline = System.nanoTime() + wait.toNanos();
        byte[] buffer = new byte[n];
        int filled = 0;
        InputStream in = socket.getInputStream();
        while (filled < n) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                break;
            }
            socket.setSoTimeout(Durations.millis(Duration.ofNanos(left)));
            int r;
            try {
                r = in.read(buffer, filled, n - filled);
            } catch (SocketTimeoutException e) {
                break;
            } finally {
                afterRead.run();
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

    private byte[] readWithoutTimeout(int n, Duration wait) {
        byte[] buffer = new byte[n];
        AtomicInteger filled = new AtomicInteger();
        Future<?> reading = READERS.submit(() -> {
            InputStream in = socket.getInputStream();
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
            transcript.note(channel, "reading failed: " + Errors.message(e.getCause()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        byte[] got = Arrays.copyOf(buffer, filled.get()); // bytes below the count were written before it was raised
        if (got.length > 0) {
            transcript.received(channel, got, 0, got.length);
        }
        return got;
    }

    /** Records what was read and how reading ended. */
    private static final class Recording extends FilterInputStream {
        final ByteArrayOutputStream seen = new ByteArrayOutputStream();
        private final Transcript transcript;
        private final Channel channel;
        String failure;

        Recording(InputStream in, Transcript transcript, Channel channel) {
            super(in);
            this.transcript = transcript;
            this.channel = channel;
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
                        transcript.received(channel, b, off, n);
                    }
                }
                return n;
            } catch (SocketTimeoutException | DeadlineExceededException e) {
                throw e; // one slice of the deadline ran out; the deadline stream decides
            } catch (IOException e) {
                failure = Errors.message(e);
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
}
