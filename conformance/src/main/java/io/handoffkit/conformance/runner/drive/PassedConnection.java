package io.handoffkit.conformance.runner.drive;

import io.handoffkit.conformance.runner.model.Transcript;
import io.handoffkit.conformance.runner.model.Transcript.Channel;
import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.IOException;

/**
 * A client connection made to be passed in an {@code SCM_RIGHTS} message: the end handed over (of
 * which the runner keeps its own copy, as a broker does) and the client end the runner keeps.
 *
 * <p>Descriptor hygiene: the runner's copy of the passed end is only ever dropped by closing the
 * descriptor itself ({@code close(2)}), never through junixsocket's {@code close()}, which shuts
 * the connection down for every process holding a copy.
 */
public final class PassedConnection implements AutoCloseable {

    private final RecordedSocket copy;
    private final RecordedSocket client;
    private final FileDescriptor passed;
    private final Transcript transcript;
    private boolean dropped;

    private PassedConnection(RecordedSocket copy, RecordedSocket client, FileDescriptor passed, Transcript transcript) {
        this.copy = copy;
        this.client = client;
        this.passed = passed;
        this.transcript = transcript;
    }

    /** A fresh connected pair ({@link ConnectionPairs}); both ends recorded in {@code transcript}. */
    public static PassedConnection open(Transcript transcript) throws IOException {
        ConnectionPairs.Pair pair = ConnectionPairs.open();
        return new PassedConnection(RecordedSocket.shared(pair.passed(), Channel.BROKER_COPY, transcript),
                RecordedSocket.of(pair.client(), Channel.CLIENT, transcript), pair.passed().getFileDescriptor(), transcript);
    }

    /** The descriptor to pass. */
    public FileDescriptor descriptor() {
        return passed;
    }

    /** The runner's own copy of the passed end (a shared end: the peer may hold the other copy). */
    public RecordedSocket copy() {
        return copy;
    }

    /** The client end, the runner's alone. */
    public RecordedSocket client() {
        return client;
    }

    /** close(2) of the runner's copy only: no shutdown, so a copy the peer holds keeps working. */
    public void dropCopy() {
        if (dropped) {
            return;
        }
        dropped = true;
        closeDescriptor();
        transcript.note(Channel.BROKER_COPY, "the runner drops its copy of the passed end (close without shutdown)");
    }

    /** Drop the runner's copy (if still held) and close the client end. */
    @Override
    public void close() {
        if (!dropped) {
            dropped = true;
            closeDescriptor();
        }
        client.close();
    }

    private void closeDescriptor() {
        try {
            new FileInputStream(passed).close();
        } catch (IOException e) {
            // the descriptor is gone either way
        }
    }
}
