package io.handoffkit.conformance.runner.targets;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The targets this process started and has not stopped yet. A runner stopped by SIGINT or SIGTERM
 * (a CI job timing out) runs the JVM's shutdown hooks; with {@link #stopOnExit} installed they stop
 * every such target as a normal end of the run does (SIGTERM to the command and its descendants,
 * SIGKILL after the grace period; the container stopped; the private directory removed), instead of
 * orphaning an implementation under PID 1. The CLI installs it; an embedding test suite keeps its
 * own JVM's hooks.
 */
public final class StartedTargets {

    private static final Set<RunningTarget> LIVE = ConcurrentHashMap.newKeySet();
    private static final AtomicBoolean HOOKED = new AtomicBoolean();

    private StartedTargets() {}

    /** A target that started something outside this JVM, from the moment it did, until its {@link #stopped}. */
    static void started(RunningTarget running) {
        LIVE.add(running);
    }

    /** Called by the target's {@code close()} once what it started is stopped. */
    static void stopped(RunningTarget running) {
        LIVE.remove(running);
    }

    /**
     * Install, once per process, the shutdown hook that stops every target still running, then any
     * process this JVM still has below it (one a signal caught between its spawn and its registration).
     */
    public static void stopOnExit() {
        if (HOOKED.compareAndSet(false, true)) {
            Runtime.getRuntime().addShutdownHook(new Thread(StartedTargets::stopAll, "handoff-kit-stop-targets"));
        }
    }

    private static void stopAll() {
        LIVE.forEach(RunningTarget::close);
        List<ProcessHandle> left = ProcessHandle.current().descendants().toList();
        left.forEach(ProcessHandle::destroy);
        long deadline = System.nanoTime() + ExecTarget.STOP_GRACE.toNanos();
        for (ProcessHandle p : left) {
            try {
                p.onExit().get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (ExecutionException | TimeoutException e) {
                p.destroyForcibly();
            } catch (InterruptedException e) {
                p.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
    }
}
