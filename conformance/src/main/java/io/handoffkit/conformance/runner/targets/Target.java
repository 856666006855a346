package io.handoffkit.conformance.runner.targets;

import io.handoffkit.conformance.runner.model.Endpoint;
import io.handoffkit.conformance.runner.model.PrintedLine;
import io.handoffkit.conformance.runner.model.Timing;
import java.util.List;

/**
 * Where the implementation under test comes from: a bundled reference ({@link ReferenceBackendTarget}),
 * a command the runner starts ({@link ExecTarget}), one already running ({@link AttachTarget}), a
 * container image ({@link ContainerTarget}), or a JVM object started in process
 * ({@link InProcessTarget}, the JUnit entry point). A target serves any role: it is started with the
 * endpoints of the suite's role, makes (or is given) a socket path for each, substitutes them in a
 * command ({@code {socket}}, {@code {backend}}, ...) and waits until those the implementation
 * listens on accept connections.
 */
public interface Target {

    /** One line for the console and the reports. */
    String describe();

    /** Start it (or find it) with {@code endpoints}, and return once it listens on those that are its to listen on. */
    RunningTarget start(List<Endpoint> endpoints) throws TargetException;

    /** Whether the runner may start it again after it stopped serving, so one crash fails one case only. */
    default boolean restartable() {
        return true;
    }

    /** What the implementation printed on stdout and stderr, for the report (exec, container). */
    default String output() {
        return "";
    }

    /** The same output line by line, each with the instant it appeared where known (exec), for placing it next to its case. */
    default List<PrintedLine> printed() {
        return List.of();
    }

    /** The time bounds that suit this target, unless the command line says otherwise ({@code defaults}: the runner's). */
    default Timing timing(Timing defaults) {
        return defaults;
    }
}
