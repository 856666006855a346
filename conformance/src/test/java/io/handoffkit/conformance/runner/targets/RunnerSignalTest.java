package io.handoffkit.conformance.runner.targets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.handoffkit.cli.HandoffKit;
import io.handoffkit.conformance.runner.SelfValidation;
import io.handoffkit.conformance.runner.faulty.Fault;
import io.handoffkit.conformance.runner.faulty.MiniBackendMain;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A runner stopped by a signal while it runs a suite (a CI job that timed out) stops the backend it
 * started and removes its private directory: a real {@code handoff-kit run} process, a real backend
 * process, a real {@code kill}.
 */
@Tag("process")
class RunnerSignalTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @ParameterizedTest(name = "SIG{0}")
    @CsvSource({"TERM, 143", "INT, 130"})
    @DisplayName("on SIGTERM or SIGINT the runner stops the backend it started and removes its directory, and exits with 128 + the signal")
    void signalStopsWhatTheRunnerStarted(String signal, int exitCode) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        List<String> argv = new ArrayList<>();
        if (System.getProperty("os.name").equals("Linux")) {
            // as a CI job's runner gets them: a JVM never catches a signal it was started with ignored (nohup), and a
            // build run as a background job of a non-interactive shell hands SIGINT ignored to everything it starts
            argv.addAll(List.of("env", "--default-signal=INT,TERM"));
        }
        // a backend that never drops an incomplete handoff holds each such case for the whole idle bound: the run is still under way when signalled
        argv.addAll(List.of(java, "-cp", cp, HandoffKit.class.getName(), "run", "--color", "never",
                "--section", "robustness", "--idle-bound", "60s", "--cmd", SelfValidation.execFaulty(Fault.NEVER_TIMES_OUT)));
        File log = Files.createTempFile("runner-signal", ".log").toFile();
        Process runner = new ProcessBuilder(argv).redirectErrorStream(true).redirectOutput(log).start();
        Optional<ProcessHandle> started = Optional.empty();
        try {
            started = backendOf(runner);
            ProcessHandle backend = started.orElseThrow(() -> new AssertionError("the runner started no backend: " + read(log)));
            Path socket = socketOf(backend);
            Path dir = socket.getParent();
            assertTrue(Files.isDirectory(dir), "the runner's private directory " + dir);
            awaitSocket(socket, runner); // the run is under way: the backend listens

            new ProcessBuilder("kill", "-" + signal, Long.toString(runner.pid())).inheritIO().start().waitFor();

            assertTrue(runner.waitFor(WAIT.toSeconds(), TimeUnit.SECONDS), "the runner exits: " + read(log));
            assertEquals(exitCode, runner.exitValue(), read(log));
            try {
                backend.onExit().get(5, TimeUnit.SECONDS);
            } catch (TimeoutException e) {
                // judged below
            }
            assertFalse(backend.isAlive(), "the backend (pid " + backend.pid() + ") is not orphaned");
            assertFalse(Files.exists(dir), dir + " was removed");
        } finally {
            started.ifPresent(ProcessHandle::destroyForcibly); // an orphan is no longer the runner's descendant
            runner.descendants().forEach(ProcessHandle::destroyForcibly);
            runner.destroyForcibly();
            log.delete();
        }
    }

    /** The backend process once the runner has started it (a descendant running MiniBackendMain). */
    private static Optional<ProcessHandle> backendOf(Process runner) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline && runner.isAlive()) {
            Optional<ProcessHandle> found = runner.descendants()
                    .filter(p -> p.info().arguments().map(a -> List.of(a).contains(MiniBackendMain.class.getName())).orElse(false))
                    .findFirst();
            if (found.isPresent()) {
                return found;
            }
            Thread.sleep(50);
        }
        return Optional.empty();
    }

    private static void awaitSocket(Path socket, Process runner) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!Files.exists(socket) && runner.isAlive() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertTrue(Files.exists(socket), "the backend listens at " + socket);
    }

    /** The socket the backend was told to listen on. */
    private static Path socketOf(ProcessHandle backend) {
        String[] args = backend.info().arguments().orElseThrow();
        for (int i = 0; i < args.length - 1; i++) {
            if (args[i].equals("--socket")) {
                return Path.of(args[i + 1]);
            }
        }
        throw new AssertionError("no --socket in the backend's arguments");
    }

    private static String read(File log) {
        try {
            return Files.readString(log.toPath());
        } catch (java.io.IOException e) {
            return "(no log: " + e + ")";
        }
    }
}
