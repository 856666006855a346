package io.handoffkit.transport.unix;

import io.handoffkit.broker.FailureRateLimit;
import io.handoffkit.profile.Profile;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * The reference broker as a process (SPEC Appendix B): {@code java -cp <reference-impl + deps>
 * io.handoffkit.transport.unix.ReferenceBrokerMain --socket PATH --backend PATH [options]}, also
 * {@code handoff-kit broker [options]}. It listens on the client-facing socket, hands negotiated
 * connections to the backend listening on the handoff endpoint, prints {@code READY <socket>} on
 * stdout once it accepts, and runs until it is terminated (SIGTERM, SIGINT), when it closes and
 * removes its socket.
 */
public final class ReferenceBrokerMain {

    /** The options, as {@code --help} and a usage error print them. */
    public static final String USAGE = """
            usage: ReferenceBrokerMain --socket PATH --backend PATH [options]
              --socket PATH          the client-facing Unix socket to listen on (required; must not exist)
              --backend PATH         the handoff endpoint to dial, where the backend listens (required)
              --service NAME         the one service served (default echo); Hellos for others are refused
              --backend-pipe P       Negotiated.backend_pipe, where clients reconnect (default: the --backend path)
              --ack-deadline D       how long the backend has to acknowledge a handoff (default 5s)
              --hello-deadline D     the bound on reading a client's Hello (default 30s)
              --profile 4.5.5|4.6.2  how the ACK read is bounded (default 4.6.2)
              --max-clients N        client connections served at once (default 64)
              --failure-limit N      failed handoffs per 30 s before handoffs pause (default 0: no limit,
                                     as a broker under test runs, SPEC BPROFILE-2)
            durations: 300ms, 5s, 1.5s
            exit codes: 2 on a usage error, 1 when the socket could not be bound""";

    private ReferenceBrokerMain() {}

    public static void main(String[] args) throws InterruptedException {
        int code = run(List.of(args), new PrintWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8), true),
                new PrintWriter(new OutputStreamWriter(System.err, StandardCharsets.UTF_8), true));
        if (code != 0) {
            System.exit(code);
        }
    }

    /**
     * Parse {@code args}, start the broker, print the ready line on {@code out}, and serve until the
     * JVM shuts down; returns the exit code of a usage error (2) or of a socket that could not be
     * bound (1) at once.
     */
    public static int run(List<String> args, PrintWriter out, PrintWriter err) throws InterruptedException {
        ReferenceBroker.Builder builder;
        try {
            builder = parse(args);
        } catch (IllegalArgumentException e) {
            err.println(USAGE);
            err.println(e.getMessage());
            err.flush();
            return 2;
        }
        ReferenceBroker broker;
        try {
            broker = builder.start();
        } catch (IOException e) {
            err.println("cannot listen: " + e);
            err.flush();
            return 1;
        }
        out.println("READY " + broker.socketPath());
        out.flush();
        UntilShutdown.await(broker);
        return 0;
    }

    static ReferenceBroker.Builder parse(List<String> args) {
        Path socket = null;
        Path backend = null;
        // applied once both paths are known
        List<Consumer<ReferenceBroker.Builder>> settings = new ArrayList<>();
        settings.add(b -> b.failureLimit(FailureRateLimit.unlimited()));
        for (int i = 0; i < args.size(); i++) {
            String option = args.get(i);
            String value = i + 1 < args.size() ? args.get(i + 1) : null;
            if (value == null) {
                throw new IllegalArgumentException(option.startsWith("--") ? option + " needs a value" : "unexpected argument " + option);
            }
            i++;
            switch (option) {
                case "--socket" -> socket = Path.of(value);
                case "--backend" -> backend = Path.of(value);
                case "--service" -> settings.add(b -> b.service(value));
                case "--backend-pipe" -> settings.add(b -> b.backendPipe(value));
                case "--ack-deadline" -> settings.add(b -> b.ackDeadline(duration(value)));
                case "--hello-deadline" -> settings.add(b -> b.helloDeadline(duration(value)));
                case "--profile" -> settings.add(b -> b.profile(Profile.of(value)
                        .orElseThrow(() -> new IllegalArgumentException("unknown profile " + value + " (4.5.5 or 4.6.2)"))));
                case "--max-clients" -> settings.add(b -> b.maxConcurrentClients(Integer.parseInt(value)));
                case "--failure-limit" -> settings.add(b -> b.failureLimit(failureLimit(Integer.parseInt(value))));
                default -> throw new IllegalArgumentException("unknown option " + option);
            }
        }
        if (socket == null || backend == null) {
            throw new IllegalArgumentException("--socket PATH and --backend PATH are required");
        }
        ReferenceBroker.Builder builder = ReferenceBroker.builder(socket, backend);
        settings.forEach(s -> s.accept(builder));
        return builder;
    }

    private static FailureRateLimit failureLimit(int failures) {
        if (failures < 0) {
            throw new IllegalArgumentException("--failure-limit must not be negative");
        }
        return failures == 0 ? FailureRateLimit.unlimited() : new FailureRateLimit(failures, FailureRateLimit.DEFAULT_WINDOW);
    }

    /** {@code 300ms}, {@code 5s}, {@code 1.5s}. */
    static Duration duration(String text) {
        try {
            if (text.endsWith("ms")) {
                return Duration.ofMillis(Long.parseLong(text.substring(0, text.length() - 2)));
            }
            if (text.endsWith("s")) {
                return Duration.ofNanos(Math.round(Double.parseDouble(text.substring(0, text.length() - 1)) * 1e9));
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException("not a duration: " + text + " (examples: 300ms, 5s, 1.5s)");
    }
}
