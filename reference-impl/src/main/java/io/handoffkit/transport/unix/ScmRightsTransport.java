package io.handoffkit.transport.unix;

import io.handoffkit.broker.AckCheck;
import io.handoffkit.broker.AckReadBound;
import io.handoffkit.broker.AckReceived;
import io.handoffkit.broker.SendResult;
import io.handoffkit.broker.UnixHandoffTransport;
import io.handoffkit.profile.Profile;
import io.handoffkit.proto.v1.HandoffOffer;
import io.handoffkit.time.Clock;
import io.handoffkit.token.Token;
import io.handoffkit.wire.FrameWriter;
import io.handoffkit.wire.HandoffFrames;
import io.handoffkit.wire.ReasonCode;
import io.handoffkit.wire.Verdict;
import java.io.BufferedInputStream;
import java.io.Closeable;
import java.io.FileDescriptor;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.Objects;
import org.newsclub.net.unix.AFUNIXSocket;
import org.newsclub.net.unix.AFUNIXSocketChannel;

/**
 * The broker's side of one Unix handoff over junixsocket (SPEC ORCH-1, brief §1 steps 3-5): the
 * handoff stream to the backend's socket, one {@code sendmsg} whose data is exactly the 16 token
 * bytes and whose {@code SCM_RIGHTS} control message carries the client connection's descriptor,
 * then the offer frame on the same stream, then the ACK read through {@link AckCheck}, bounded as
 * the profile says ({@link AckReadBound}: one absolute deadline in 4.6.2, ACK-7; one receive
 * timeout per read in 4.5.5, ACK-9).
 *
 * <p>The descriptor goes out in a single send (non-blocking on a reused stream, upstream 4.6.2's
 * {@code MSG_DONTWAIT}), so its result is exact: all 16 bytes → {@link SendResult.Sent}; an error
 * or nothing sent → {@link SendResult.Failed} (a failed {@code sendmsg} on a stream socket queues
 * nothing, so the descriptor did not travel); 0 &lt; sent &lt; 16 → {@link SendResult.Indeterminate}
 * in 4.6.2 (the descriptor rides the first byte, ORCH-4), a plain {@link SendResult.Failed} in 4.5.5
 * (ORCH-6).
 *
 * <p>The transport never touches the client connection beyond naming its descriptor: whatever
 * happens here, the broker's copy stays open and usable. {@link #close()} closes the handoff stream
 * (a broker-backend connection, so a full close with shutdown is right) when this transport dialled
 * it; a stream passed to {@link #over} belongs to the caller, who may reuse it for the next handoff
 * after a completed one and should close it after any fallback (its read position is then unknown).
 */
public final class ScmRightsTransport implements UnixHandoffTransport, Closeable {

    /** One send of the sideband; package-private so tests can stand in for a kernel that sends short. */
    @FunctionalInterface
    interface SidebandSend {
        int send(AFUNIXSocket handoff, FileDescriptor client, ByteBuffer tokenBytes) throws IOException;
    }

    /** The real one: a single non-blocking sendmsg with the descriptor as SCM_RIGHTS. */
    static final SidebandSend SENDMSG_DONTWAIT = (handoff, client, tokenBytes) -> {
        AFUNIXSocketChannel channel = handoff.getChannel();
        channel.configureBlocking(false);
        try {
            channel.setOutboundFileDescriptors(client);
            return channel.write(tokenBytes);
        } finally {
            // junixsocket clears pending descriptors when it sends; make sure none linger after a failure
            channel.setOutboundFileDescriptors();
            channel.configureBlocking(true);
        }
    };

    /**
     * On a stream just dialled the send buffer is empty, so a blocking sendmsg of 16 bytes cannot
     * block, and its count is as exact: the {@code fcntl} calls that {@link #SENDMSG_DONTWAIT} makes
     * around its send are only needed on a reused stream, whose buffer an earlier handoff may have filled.
     */
    static final SidebandSend SENDMSG_FRESH = (handoff, client, tokenBytes) -> {
        AFUNIXSocketChannel channel = handoff.getChannel();
        try {
            channel.setOutboundFileDescriptors(client);
            return channel.write(tokenBytes);
        } finally {
            channel.setOutboundFileDescriptors();
        }
    };

    /** Enough for any ACK a conforming backend writes; a longer frame is read past the buffer. */
    static final int ACK_READ_AHEAD = 512;

    @FunctionalInterface
    private interface Dialer {
        AFUNIXSocket dial() throws IOException;
    }

    private final Dialer dialer;
    private final boolean ownsStream;
    private final FileDescriptor client;
    private final Clock clock;
    private final Profile profile;
    private final SidebandSend sideband;
    private AFUNIXSocket handoff;

    private ScmRightsTransport(Dialer dialer, boolean ownsStream, FileDescriptor client, Clock clock, Profile profile,
            SidebandSend sideband) {
        this.dialer = dialer;
        this.ownsStream = ownsStream;
        this.client = Objects.requireNonNull(client, "client");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.profile = Objects.requireNonNull(profile, "profile");
        this.sideband = sideband;
    }

    /**
     * A transport that dials {@code backendSocket} when the descriptor is sent (a dial failure is a
     * failed send: nothing reached the backend) and closes that stream on {@link #close()}.
     *
     * @param client the client connection's descriptor; it is only sent, never closed here
     * @param clock  the clock the ACK deadline was computed with (the orchestrator's)
     * @param profile how the ACK read is bounded and a short send classified
     */
    public static ScmRightsTransport dial(Path backendSocket, FileDescriptor client, Clock clock, Profile profile) {
        Objects.requireNonNull(backendSocket, "backendSocket");
        return new ScmRightsTransport(
                () -> AFUNIXSocket.connectTo(SocketAddresses.of(backendSocket)), true, client, clock, profile, SENDMSG_FRESH);
    }

    /** A transport over an already connected handoff stream, which stays open on {@link #close()}. */
    public static ScmRightsTransport over(AFUNIXSocket handoffStream, FileDescriptor client, Clock clock, Profile profile) {
        Objects.requireNonNull(handoffStream, "handoffStream");
        return new ScmRightsTransport(() -> handoffStream, false, client, clock, profile, SENDMSG_DONTWAIT);
    }

    /** For tests: a transport whose single sideband send is {@code send}. */
    static ScmRightsTransport over(AFUNIXSocket handoffStream, FileDescriptor client, Clock clock, Profile profile, SidebandSend send) {
        return new ScmRightsTransport(() -> handoffStream, false, client, clock, profile, send);
    }

    @Override
    public SendResult sendDescriptor(Token token) {
        byte[] bytes = token.toBytes();
        if (!client.valid()) {
            return new SendResult.Failed("the client connection's descriptor is not open");
        }
        try {
            handoff = dialer.dial();
        } catch (IOException e) {
            return new SendResult.Failed("dialling the backend's handoff socket failed: " + e);
        }
        int sent;
        try {
            sent = sideband.send(handoff, client, ByteBuffer.wrap(bytes));
        } catch (IOException e) {
            return new SendResult.Failed("sendmsg of the token and the descriptor failed: " + e);
        }
        return SendResult.ofCount(sent, bytes.length, profile);
    }

    @Override
    public void writeOffer(HandoffOffer offer) throws IOException {
        FrameWriter.write(stream().getOutputStream(), HandoffFrames.offer(offer));
    }

    @Override
    public Verdict<AckReceived> awaitAck(Token token, long correlationId, long deadlineNanos) {
        AFUNIXSocket socket;
        InputStream in;
        try {
            socket = stream();
            InputStream raw = socket.getInputStream();
            if (ownsStream) {
                // this stream carries this one ACK and is closed after it: reading ahead cannot take a later
                // frame's bytes, and saves the two receives of the framing byte and the length (FRAME-9 is
                // about streams that carry more frames; FrameReader still takes exactly one frame)
                raw = new BufferedInputStream(raw, ACK_READ_AHEAD);
            }
            in = AckReadBound.bound(profile, raw, clock, deadlineNanos, socket::setSoTimeout);
        } catch (IOException e) {
            return Verdict.reject(ReasonCode.IO, "FRAME-7", "failed to read HandoffAck frame: I/O error: " + e.getMessage());
        }
        return AckCheck.check(in, token, correlationId, deadlineNanos, clock);
    }

    private AFUNIXSocket stream() throws IOException {
        if (handoff == null) {
            throw new IOException("the handoff stream was never opened (no descriptor was sent)");
        }
        return handoff;
    }

    /** Close the handoff stream when this transport dialled it. The client connection is never touched. */
    @Override
    public void close() {
        if (ownsStream && handoff != null) {
            try {
                handoff.close();
            } catch (IOException e) {
                // the descriptor is released either way
            }
        }
    }
}
