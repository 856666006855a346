package io.handoffkit.transport.unix;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The reference backend ({@link ReferenceBackendMain}) in its own JVM, started with this JVM's java
 * binary and class path, driven through its admin commands on stdin/stdout.
 */
final class BackendProcess implements AutoCloseable {

    private final Process process;
    private final PrintStream commands;
    private final BufferedReader answers;
    final Path socket;

    private BackendProcess(Process process, Path socket) {
        this.process = process;
        this.socket = socket;
        this.commands = new PrintStream(process.getOutputStream(), true, StandardCharsets.UTF_8);
        this.answers = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    }

    static BackendProcess start(Path socket, String... options) throws IOException {
        String java = ProcessHandle.current().info().command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        List<String> command = new ArrayList<>(List.of(java, "-XX:+UseSerialGC", "-Xmx256m",
                "-cp", System.getProperty("java.class.path"),
                ReferenceBackendMain.class.getName(), "--socket", socket.toString(), "--admin"));
        command.addAll(List.of(options));
        Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        BackendProcess backend = new BackendProcess(process, socket);
        String ready = backend.readLine(30);
        if (!("READY " + socket).equals(ready)) {
            process.destroyForcibly();
            throw new IOException("the backend process did not start: " + ready);
        }
        return backend;
    }

    long pid() {
        return process.pid();
    }

    /** Open descriptors in the backend process, once it is idle (no handoff stream, no adopted connection). */
    int openDescriptors() throws IOException {
        String answer = ask("fds");
        if (!answer.startsWith("fds ") || answer.endsWith("busy")) {
            throw new IOException("unexpected answer to fds: " + answer);
        }
        return Integer.parseInt(answer.substring(4).trim());
    }

    /** The backend's counter for {@code event}. */
    long count(BackendEvent event) throws IOException {
        String answer = ask("stats");
        for (String pair : answer.split(" ")) {
            if (pair.startsWith(event.name() + "=")) {
                return Long.parseLong(pair.substring(event.name().length() + 1));
            }
        }
        throw new IOException("no " + event + " in " + answer);
    }

    String stats() throws IOException {
        return ask("stats");
    }

    private synchronized String ask(String command) throws IOException {
        commands.println(command);
        return readLine(30);
    }

    private String readLine(int seconds) throws IOException {
        CompletableFuture<String> line = CompletableFuture.supplyAsync(() -> {
            try {
                return answers.readLine();
            } catch (IOException e) {
                return "error " + e;
            }
        });
        try {
            return line.get(seconds, TimeUnit.SECONDS);
        } catch (InterruptedException | ExecutionException | TimeoutException e) {
            throw new IOException("no answer from the backend process within " + seconds + " s", e);
        }
    }

    @Override
    public void close() throws Exception {
        commands.println("quit");
        if (!process.waitFor(15, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor(5, TimeUnit.SECONDS);
        }
    }
}
