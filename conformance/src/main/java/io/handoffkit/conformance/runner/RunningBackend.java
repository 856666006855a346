package io.handoffkit.conformance.runner;

import java.nio.file.Path;
import java.util.Optional;

/** A started backend under test: where it listens; what it printed; whether it is still running. */
public interface RunningBackend extends AutoCloseable {

    Path socket();

    /** Empty while it runs; else how it ended (an exec target's process exited). */
    default Optional<String> exited() {
        return Optional.empty();
    }

    /** Stop it (a no-op for an attached backend). Never throws. */
    @Override
    void close();
}
