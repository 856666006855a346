package io.handoffkit.conformance.runner.target;

/**
 * Where the backend under test comes from: the bundled reference ({@link ReferenceTarget}), a
 * command the runner starts ({@link ExecTarget}), one already running ({@link AttachTarget}), or a
 * JVM object started in process ({@link InProcessTarget}, the JUnit entry point).
 */
public interface BackendTarget {

    /** One line for the console and the reports. */
    String describe();

    /** Start it (or find it) and return once its socket accepts connections. */
    RunningBackend start() throws TargetException;

    /** Whether the runner may start it again after it stopped serving, so one crash fails one case only. */
    default boolean restartable() {
        return true;
    }

    /** What the implementation printed on stdout and stderr, for the report (exec only). */
    default String output() {
        return "";
    }
}
