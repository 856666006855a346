package io.handoffkit.transport.windows;

import java.io.IOException;

/**
 * How many bytes a stream can deliver without blocking, for transports that have no read
 * timeout (a synchronous Windows pipe handle cannot be given one): {@link PollingDeadlineInputStream}
 * polls this until bytes are there or the deadline passes.
 */
@FunctionalInterface
public interface Readiness {

    /** Bytes readable now without blocking; {@code -1} when the next read would end the stream or fail at once. */
    int poll() throws IOException;
}
