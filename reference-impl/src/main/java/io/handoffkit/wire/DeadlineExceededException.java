package io.handoffkit.wire;

import java.io.InterruptedIOException;

/** A read gave up because its absolute deadline passed (ACK-7); the frame reader reports it as {@code IO}. */
public final class DeadlineExceededException extends InterruptedIOException {

    public DeadlineExceededException() {
        super("the deadline passed before the frame was complete");
    }
}
