package io.handoffkit.conformance.runner.targets;

import io.handoffkit.conformance.runner.model.Endpoints;
import java.util.Optional;
import java.util.OptionalLong;

/** A started implementation under test: where its endpoints are; whether it is still running; its process. */
public interface RunningTarget extends AutoCloseable {

    /** The socket path of every endpoint of the role. */
    Endpoints endpoints();

    /** Empty while it runs; else how it ended (an exec target's process exited). */
    default Optional<String> exited() {
        return Optional.empty();
    }

    /** The process the runner started to serve the endpoints (exec), for looking at it from outside; else empty. */
    default OptionalLong pid() {
        return OptionalLong.empty();
    }

    /** Stop it (a no-op for an attached implementation). Never throws. */
    @Override
    void close();
}
