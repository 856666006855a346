package io.handoffkit.transport.unix;

import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.Function;

/**
 * The shape the reference's role processes share: parse the options, or print the usage and what
 * was wrong and return 2; else serve until the JVM shuts down.
 */
final class ProcessMain {

    /** Serves what the options configured; returns the process's exit code. */
    @FunctionalInterface
    interface Serve<T> {
        int serve(T configured, PrintWriter out, PrintWriter err) throws InterruptedException;
    }

    private ProcessMain() {}

    /** From {@code main}: run on the process's stdout and stderr and exit with a non-zero code. */
    static <T> void main(String[] args, String usage, Function<List<String>, T> parse, Serve<T> serve) throws InterruptedException {
        int code = run(List.of(args), usage, parse, serve, new PrintWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8), true),
                new PrintWriter(new OutputStreamWriter(System.err, StandardCharsets.UTF_8), true));
        if (code != 0) {
            System.exit(code);
        }
    }

    /** Parse {@code args} ({@link IllegalArgumentException}: a usage error, 2) and serve what they configure. */
    static <T> int run(List<String> args, String usage, Function<List<String>, T> parse, Serve<T> serve, PrintWriter out, PrintWriter err)
            throws InterruptedException {
        T configured;
        try {
            configured = parse.apply(args);
        } catch (IllegalArgumentException e) {
            err.println(usage);
            err.println(e.getMessage());
            err.flush();
            return 2;
        }
        return serve.serve(configured, out, err);
    }
}
