package io.handoffkit.transport.unix;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The reference backend as a process: {@code java -cp <reference-impl + deps>
 * io.handoffkit.transport.unix.ReferenceBackendMain --socket PATH [options]}. It listens on PATH,
 * adopts accepted handoffs and echoes on them, and prints {@code READY <path>} on stdout once it
 * accepts.
 *
 * <pre>
 *   --socket PATH             the handoff socket to listen on (required)
 *   --offer-deadline-ms N     bound on the reads of one handoff (default 5000)
 *   --max-handoffs N          handoff streams served at once (default 64)
 *   --admin                   read admin commands on stdin, one per line, answers on stdout:
 *                               fds    wait until idle (at most 10 s), print "fds N" (/proc/self/fd count)
 *                               stats  print "stats EVENT=n ... handoffStreams=n sessions=n"
 *                               pid    print "pid N"
 *                               quit   close the backend and exit (end of stdin does the same)
 * </pre>
 * Without {@code --admin} it runs until it is terminated. Exit codes: 0 after quit, 2 on a usage error,
 * 1 when the socket could not be bound.
 */
public final class ReferenceBackendMain {

    private ReferenceBackendMain() {}

    public static void main(String[] args) throws Exception {
        Path socket = null;
        long offerDeadlineMs = 5000;
        int maxHandoffs = 64;
        boolean admin = false;
        try {
            for (int i = 0; i < args.length; i++) {
                switch (args[i]) {
                    case "--socket" -> socket = Path.of(value(args, ++i));
                    case "--offer-deadline-ms" -> offerDeadlineMs = Long.parseLong(value(args, ++i));
                    case "--max-handoffs" -> maxHandoffs = Integer.parseInt(value(args, ++i));
                    case "--admin" -> admin = true;
                    default -> throw new IllegalArgumentException("unknown option " + args[i]);
                }
            }
            if (socket == null) {
                throw new IllegalArgumentException("--socket PATH is required");
            }
        } catch (IllegalArgumentException e) {
            System.err.println("usage: ReferenceBackendMain --socket PATH [--offer-deadline-ms N] [--max-handoffs N] [--admin]");
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
        UnixHandoffBackend backend;
        try {
            backend = UnixHandoffBackend.builder(socket)
                    .offerDeadline(Duration.ofMillis(offerDeadlineMs))
                    .maxConcurrentHandoffs(maxHandoffs)
                    .start();
        } catch (IOException e) {
            System.err.println("cannot listen on " + socket + ": " + e);
            System.exit(1);
            return;
        }
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        out.println("READY " + socket);
        if (admin) {
            serveAdmin(backend, out);
            backend.close();
            System.exit(0);
        } else {
            UntilShutdown.await(backend);
        }
    }

    private static void serveAdmin(UnixHandoffBackend backend, PrintStream out) throws IOException, InterruptedException {
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        for (String line; (line = in.readLine()) != null; ) {
            switch (line.trim()) {
                case "fds" -> {
                    boolean idle = backend.awaitIdle(Duration.ofSeconds(10));
                    out.println("fds " + Descriptors.countOpen() + (idle ? "" : " busy"));
                }
                case "stats" -> out.println("stats " + backend.stats().toLine());
                case "pid" -> out.println("pid " + ProcessHandle.current().pid());
                case "quit" -> {
                    return;
                }
                case "" -> { }
                default -> out.println("error unknown command: " + line.trim());
            }
        }
    }

    private static String value(String[] args, int i) {
        if (i >= args.length) {
            throw new IllegalArgumentException(args[i - 1] + " needs a value");
        }
        return args[i];
    }
}
