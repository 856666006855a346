package io.handoffkit.conformance.runner.targets;

import io.handoffkit.conformance.runner.model.Durations;
import io.handoffkit.conformance.runner.model.Endpoint;
import io.handoffkit.conformance.runner.model.Endpoints;
import io.handoffkit.conformance.runner.model.PrintedLine;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;

/**
 * An implementation the runner starts as a process: {@code --cmd 'path/to/backend --socket {socket}'}.
 * Per start the runner creates a temporary directory, replaces each endpoint's placeholder
 * ({@code {socket}}, and for a broker {@code {backend}}: a socket path in it) and {@code {dir}} in
 * the command's words (each path is also exported, as {@code HANDOFF_KIT_SOCKET}, ...), starts the
 * command without a shell, waits (bounded) until the endpoints it listens on accept connections,
 * and when done stops it with SIGTERM, then SIGKILL after a grace period. Its stdout and stderr are
 * kept for the report. A command that exits before listening is a setup error (exit code 2).
 */
public final class ExecTarget implements Target {

    static final Duration STOP_GRACE = Duration.ofSeconds(2);
    /** How long an implementation that may be exiting on its own gets before the runner signals it. */
    private static final Duration EXITING_GRACE = Duration.ofMillis(200);

    private final String command;
    private final List<String> words;
    private final Duration startupTimeout;
    private final TargetOutput output = new TargetOutput();
    private int starts;

    public ExecTarget(String command, Duration startupTimeout) {
        this.command = command;
        this.words = split(command);
        if (words.isEmpty()) {
            throw new IllegalArgumentException("--cmd is empty");
        }
        this.startupTimeout = startupTimeout;
    }

    @Override
    public String describe() {
        return "exec: " + command;
    }

    @Override
    public String output() {
        return output.text();
    }

    @Override
    public List<PrintedLine> printed() {
        return output.lines();
    }

    @Override
    public RunningTarget start(List<Endpoint> endpoints) throws TargetException {
        Path dir = SocketWait.tempDir();
        Endpoints at = RunnerSockets.in(dir, endpoints);
        List<String> argv = placed(words, at, dir.toString());
        Path stdout = dir.resolve("stdout.txt");
        Path stderr = dir.resolve("stderr.txt");
        // files, not pipes: an implementation sees what it always saw (one upstream binary ignores SIGTERM with piped output)
        ProcessBuilder pb = new ProcessBuilder(argv).redirectOutput(stdout.toFile()).redirectError(stderr.toFile());
        pb.environment().putAll(environment(at));
        Process process;
        int run;
        synchronized (this) {
            run = ++starts;
        }
        try {
            process = pb.start();
        } catch (IOException e) {
            RunnerSockets.close(at);
            SocketWait.deleteTree(dir);
            throw new TargetException("cannot start " + argv.get(0) + ": " + e.getMessage(), e);
        }
        output.started(run, String.join(" ", argv));
        // followed as it is printed, so each line carries the instant it appeared (the report places it next to its case)
        List<OutputTail> tails = List.of(new OutputTail(stdout, line -> output.line(run, "stdout", line)),
                new OutputTail(stderr, line -> output.line(run, "stderr", line)));
        Running running = new Running(process, dir, at, tails, run);
        StartedTargets.started(running);
        try {
            SocketWait.await(at, startupTimeout, running::exited);
        } catch (TargetException e) {
            running.close();
            throw new TargetException(e.getMessage() + output.lastLines(), e);
        }
        return running;
    }

    private final class Running implements RunningTarget {
        private final Process process;
        private final Path dir;
        private final Endpoints at;
        private final List<OutputTail> tails;
        private final int run;
        private boolean closed;

        Running(Process process, Path dir, Endpoints at, List<OutputTail> tails, int run) {
            this.process = process;
            this.dir = dir;
            this.at = at;
            this.tails = tails;
            this.run = run;
        }

        @Override
        public Endpoints endpoints() {
            return at;
        }

        @Override
        public OptionalLong pid() {
            return OptionalLong.of(process.pid());
        }

        @Override
        public Optional<String> exited() {
            return process.isAlive() ? Optional.empty() : Optional.of("exited with code " + process.exitValue());
        }

        @Override
        public synchronized void close() {
            if (closed) {
                return;
            }
            closed = true;
            String how = stop();
            tails.forEach(OutputTail::close);
            output.ended(run, how);
            RunnerSockets.close(at);
            SocketWait.deleteTree(dir);
            StartedTargets.stopped(this);
        }

        private String stop() {
            List<ProcessHandle> children = process.descendants().toList();
            try {
                // an implementation that stopped serving may still be exiting on its own: let it, so its own exit code is reported
                if (process.waitFor(EXITING_GRACE.toMillis(), TimeUnit.MILLISECONDS)) {
                    return "it had exited with code " + process.exitValue();
                }
                process.destroy(); // SIGTERM
                children.forEach(ProcessHandle::destroy);
                if (process.waitFor(STOP_GRACE.toMillis(), TimeUnit.MILLISECONDS)) {
                    children.forEach(ProcessHandle::destroyForcibly);
                    return "stopped with SIGTERM (exit code " + process.exitValue() + ")";
                }
                process.destroyForcibly(); // SIGKILL
                children.forEach(ProcessHandle::destroyForcibly);
                process.waitFor(STOP_GRACE.toMillis(), TimeUnit.MILLISECONDS);
                return "did not stop within " + Durations.format(STOP_GRACE) + " of SIGTERM: killed with SIGKILL";
            } catch (InterruptedException e) {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
                return "killed (the runner was interrupted)";
            }
        }
    }

    /** The command's words with each endpoint's placeholder ({@code {socket}}, ...) replaced by its path, and {@code {dir}} by {@code dir}. */
    static List<String> placed(List<String> words, Endpoints at, String dir) {
        return words.stream().map(w -> {
            String placed = w.replace("{dir}", dir);
            for (Endpoint e : at.endpoints()) {
                placed = placed.replace(e.placeholder(), at.path(e).toString());
            }
            return placed;
        }).toList();
    }

    /** Each endpoint's path as its environment variable ({@code HANDOFF_KIT_SOCKET}, ...). */
    static Map<String, String> environment(Endpoints at) {
        Map<String, String> env = new LinkedHashMap<>();
        at.endpoints().forEach(e -> env.put(e.environmentVariable(), at.path(e).toString()));
        return env;
    }

    /** Split a command line into words: whitespace separates, '...' and "..." quote, backslash escapes. */
    static List<String> split(String line) {
        List<String> words = new ArrayList<>();
        StringBuilder w = new StringBuilder();
        boolean inWord = false;
        char quote = 0;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quote != 0) {
                if (c == quote) {
                    quote = 0;
                } else if (c == '\\' && quote == '"' && i + 1 < line.length()) {
                    w.append(line.charAt(++i));
                } else {
                    w.append(c);
                }
            } else if (c == '\'' || c == '"') {
                quote = c;
                inWord = true;
            } else if (c == '\\' && i + 1 < line.length()) {
                w.append(line.charAt(++i));
                inWord = true;
            } else if (Character.isWhitespace(c)) {
                if (inWord) {
                    words.add(w.toString());
                    w.setLength(0);
                    inWord = false;
                }
            } else {
                w.append(c);
                inWord = true;
            }
        }
        if (quote != 0) {
            throw new IllegalArgumentException("unbalanced quote in --cmd: " + line);
        }
        if (inWord) {
            words.add(w.toString());
        }
        return words;
    }
}
