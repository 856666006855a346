package io.handoffkit.conformance.runner.drive.clientbackend;

import java.time.Duration;
import java.util.Objects;

/**
 * What the runner, as the backend, answers on a handoff stream once it has read the offer: the
 * bytes (an ACK, a defective one, or none), when and how it writes them, and whether it then hangs
 * up or holds the stream open until the broker closes it.
 *
 * @param bytes what to write (empty: silence)
 * @param delay how long to wait before the first byte
 * @param trickle the pause between single bytes (zero: all at once)
 * @param hangUp whether to close the handoff stream right after writing (else wait for the broker to close it)
 * @param what one line for the transcript
 */
public record Reply(byte[] bytes, Duration delay, Duration trickle, boolean hangUp, String what) {

    public Reply {
        bytes = bytes.clone();
        Objects.requireNonNull(delay, "delay");
        Objects.requireNonNull(trickle, "trickle");
        Objects.requireNonNull(what, "what");
    }

    @Override
    public byte[] bytes() {
        return bytes.clone();
    }

    /** These bytes at once, the stream then held open until the broker closes it. */
    public static Reply of(byte[] bytes, String what) {
        return new Reply(bytes, Duration.ZERO, Duration.ZERO, false, what);
    }

    /** Nothing: the stream held open until the broker gives up. */
    public static Reply silence() {
        return new Reply(new byte[0], Duration.ZERO, Duration.ZERO, false, "silence");
    }

    /** These bytes, then the stream closed. */
    public Reply thenHangUp() {
        return new Reply(bytes, delay, trickle, true, what + ", then end of stream");
    }

    public Reply after(Duration d) {
        return new Reply(bytes, d, trickle, hangUp, what + " after " + d.toMillis() + " ms");
    }

    public Reply trickled(Duration interval) {
        return new Reply(bytes, delay, interval, hangUp, what + ", one byte every " + interval.toMillis() + " ms");
    }
}
