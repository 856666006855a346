package io.handoffkit.conformance.runner.target;

import java.nio.file.Path;
import java.util.Optional;
import java.util.OptionalLong;

/** A started backend under test: where it listens; what it printed; whether it is still running. */
public interface RunningBackend extends AutoCloseable {

    Path socket();

    /** Empty while it runs; else how it ended (an exec target's process exited). */
    default Optional<String> exited() {
        return Optional.empty();
    }

    /** The process the runner started to serve the socket (exec), for looking at it from outside; else empty. */
    default OptionalLong pid() {
        return OptionalLong.empty();
    }

    /** Stop it (a no-op for an attached backend). Never throws. */
    @Override
    void close();
}
