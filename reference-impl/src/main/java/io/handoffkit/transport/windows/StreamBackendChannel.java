package io.handoffkit.transport.windows;

import io.handoffkit.broker.AckCheck;
import io.handoffkit.broker.AckReceived;
import io.handoffkit.broker.BackendChannel;
import io.handoffkit.proto.v1.HandoffOffer;
import io.handoffkit.time.Clock;
import io.handoffkit.token.Token;
import io.handoffkit.wire.FrameWriter;
import io.handoffkit.wire.HandoffFrames;
import io.handoffkit.wire.Verdict;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Objects;

/**
 * The broker's offer/ACK exchange over a plain stream pair (on Windows: the handoff named
 * pipe). It adds no codec of its own: the offer is built by {@link HandoffFrames#offer} and
 * written by {@link FrameWriter} (FRAMES-1, FRAME-10); the ACK is read and judged by
 * {@link AckCheck} (ACK-1..ACK-6) through a stream bounded by the deadline (ACK-7).
 */
public final class StreamBackendChannel implements BackendChannel {

    private final InputStream in;
    private final OutputStream out;
    private final Clock clock;
    private final ReadBound bound;

    public StreamBackendChannel(InputStream in, OutputStream out, Clock clock, ReadBound bound) {
        this.in = Objects.requireNonNull(in, "in");
        this.out = Objects.requireNonNull(out, "out");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.bound = Objects.requireNonNull(bound, "bound");
    }

    @Override
    public void writeOffer(HandoffOffer offer) throws IOException {
        FrameWriter.write(out, HandoffFrames.offer(offer));
    }

    @Override
    public Verdict<AckReceived> awaitAck(Token token, long correlationId, long deadlineNanos) {
        return AckCheck.check(bound.until(in, deadlineNanos), token, correlationId, deadlineNanos, clock);
    }
}
