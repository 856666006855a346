package io.handoffkit.cli;

import io.handoffkit.conformance.runner.suite.backend.BackendSuite;
import io.handoffkit.conformance.runner.targets.RunningTarget;
import io.handoffkit.conformance.runner.targets.Target;
import io.handoffkit.conformance.runner.targets.TargetException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The backend that {@code bench handoff --role backend} hands connections to: the reference backend
 * of the benchmark's own backend JVM (the default), or a backend under test that listens on the
 * backend profile's endpoint (SPEC Appendix A, PROFILE-1), started by the runner's exec target
 * ({@code --cmd '... {socket}'}) or already running (attach, {@code --socket PATH}).
 *
 * @param handoffSocket where it accepts handoff connections
 * @param pid its process when known (the broker's backend identity), else 0
 * @param description one line for the text report
 * @param reference whether it is the reference backend, which also serves a reused handoff connection
 * @param running the started target, stopped on {@link #close()}; empty for the reference
 */
record BenchedBackend(Path handoffSocket, long pid, String description, boolean reference, Optional<RunningTarget> running)
        implements AutoCloseable {

    static BenchedBackend reference(BenchCommand.BackendProcess process) {
        return new BenchedBackend(process.handoffSocket(), process.pid(), "reference backend, pid " + process.pid(), true, Optional.empty());
    }

    /** Start {@code target} with the backend profile's one endpoint ({@code {socket}}) and wait until it listens. */
    static BenchedBackend underTest(Target target) throws TargetException {
        RunningTarget running = target.start(List.of(BackendSuite.SOCKET));
        long pid = running.pid().orElse(0);
        return new BenchedBackend(running.endpoints().path(BackendSuite.SOCKET), pid,
                target.describe() + (pid == 0 ? "" : ", pid " + pid), false, Optional.of(running));
    }

    @Override
    public void close() {
        running.ifPresent(RunningTarget::close);
    }
}
