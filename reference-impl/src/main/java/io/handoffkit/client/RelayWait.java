package io.handoffkit.client;

import io.handoffkit.proto.v1.HandoffAck;
import io.handoffkit.time.Clock;
import io.handoffkit.token.Token;
import io.handoffkit.wire.DeadlineInputStream;
import io.handoffkit.wire.HeaderReadAhead;
import io.handoffkit.wire.ReasonCode;
import io.handoffkit.wire.Rejection;
import io.handoffkit.wire.Verdict;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.time.Duration;
import java.util.Objects;

/**
 * The client's bounded wait for the handoff-ready relay on its Hello connection (brief §1 step 6,
 * RELAY-1..RELAY-5): every read is bounded by one absolute deadline (default 2 s) through
 * {@link DeadlineInputStream}, the frame is judged by {@link RelayCheck}, and the result is either
 * {@link Outcome.Adopted} (a backend now serves this very connection: keep talking on it) or
 * {@link Outcome.Reconnect} (reconnect through {@code backend_pipe}; never an error, RELAY-5).
 *
 * <p>The connection's state after a {@code Reconnect} is defined by {@link Outcome.Reconnect#bytesConsumed()}:
 * zero means nothing was read and the connection is intact (a broker that fell back may still
 * use it); more than zero means part or all of a frame that failed was consumed, so the stream is
 * no longer at a frame boundary and the connection must be closed.
 */
public final class RelayWait {

    /** The client's default bound on the wait for the relay. */
    public static final Duration DEFAULT_WAIT = Duration.ofSeconds(2);

    private RelayWait() {}

    /** What the wait ended with. */
    public sealed interface Outcome {

        /** A valid, accepted relay echoing the negotiated token: the connection is now served by the backend. */
        record Adopted(HandoffAck ack) implements Outcome {
            public Adopted {
                Objects.requireNonNull(ack, "ack");
            }
        }

        /** No valid relay within the wait: reconnect through backend_pipe. */
        record Reconnect(Rejection reason, long bytesConsumed) implements Outcome {
            public Reconnect {
                Objects.requireNonNull(reason, "reason");
            }

            /** True when no byte was consumed: the connection is still at a frame boundary and usable. */
            public boolean connectionIntact() {
                return bytesConsumed == 0;
            }
        }
    }

    /** Wait up to {@link #DEFAULT_WAIT} on the system clock. */
    public static Outcome await(Socket helloConnection, Token negotiated) {
        return await(helloConnection, negotiated, DEFAULT_WAIT, Clock.system());
    }

    /**
     * Wait up to {@code wait} from now for the relay on {@code helloConnection}. The socket's read
     * timeout is restored afterwards.
     */
    public static Outcome await(Socket helloConnection, Token negotiated, Duration wait, Clock clock) {
        long deadline = clock.nanos() + wait.toNanos();
        int previousTimeout;
        InputStream in;
        try {
            previousTimeout = helloConnection.getSoTimeout();
            in = helloConnection.getInputStream();
        } catch (IOException e) {
            return new Outcome.Reconnect(new Rejection(ReasonCode.IO, "FRAME-7", "I/O error: " + e.getMessage()), 0);
        }
        try {
            return await(in, helloConnection::setSoTimeout, negotiated, deadline, clock);
        } finally {
            try {
                helloConnection.setSoTimeout(previousTimeout);
            } catch (IOException e) {
                // a closed connection has no timeout to restore
            }
        }
    }

    /** The wait over any stream whose single reads {@code timeout} can bound, until {@code deadlineNanos} on {@code clock}. */
    public static Outcome await(
            InputStream in, DeadlineInputStream.ReadTimeout timeout, Token negotiated, long deadlineNanos, Clock clock) {
        CountingInputStream counted = new CountingInputStream(in);
        // the header in one receive; after an accepted relay nothing is held back from the connection
        Verdict<HandoffAck> verdict = RelayCheck.check(
                new DeadlineInputStream(new HeaderReadAhead(counted), clock, deadlineNanos, timeout), negotiated);
        if (verdict instanceof Verdict.Accepted<HandoffAck> accepted) {
            return new Outcome.Adopted(accepted.value());
        }
        return new Outcome.Reconnect(((Verdict.Rejected<HandoffAck>) verdict).rejection(), counted.count);
    }

    private static final class CountingInputStream extends FilterInputStream {

        private long count;

        CountingInputStream(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                count++;
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            count += Math.max(n, 0);
            return n;
        }
    }
}
