package io.handoffkit.transport.unix;

import io.handoffkit.broker.FailureRateLimit;
import io.handoffkit.profile.Profile;
import io.handoffkit.time.DurationText;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
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
              --socket PATH           the client-facing Unix socket to listen on
                                      (required; must not exist)
              --backend PATH          the handoff endpoint to dial, where the backend
                                      listens (required)
              --service NAME          the one service served (default echo); Hellos
                                      for others are refused
              --backend-pipe PIPE     Negotiated.backend_pipe, where clients reconnect
                                      (default: the --backend path)
              --ack-deadline DURATION how long the backend has to acknowledge a
                                      handoff (default 5s)
              --hello-deadline DURATION
                                      the bound on reading a client's Hello
                                      (default 30s)
              --profile PROFILE       4.5.5 or 4.6.2: how the ACK read is bounded
                                      (default 4.6.2)
              --max-clients N         client connections served at once (default 64)
              --failure-limit N       failed handoffs per 30 s before handoffs pause
                                      (default 0: no limit, as a broker under test
                                      runs, SPEC BPROFILE-2)
            durations:\s"""
            + DurationText.EXAMPLES + "\nexit codes: 2 on a usage error, 1 when the socket could not be bound";

    private static final Set<String> OPTIONS = Set.of("--socket", "--backend", "--service", "--backend-pipe", "--ack-deadline",
            "--hello-deadline", "--profile", "--max-clients", "--failure-limit");

    private ReferenceBrokerMain() {}

    public static void main(String[] args) throws InterruptedException {
        ProcessMain.main(args, USAGE, ReferenceBrokerMain::parse, ReferenceBrokerMain::serve);
    }


    /** Start the broker {@link #parse} configured and serve until the JVM shuts down; 1 at once when its socket cannot be bound. */
    public static int serve(ReferenceBroker.Builder builder, PrintWriter out, PrintWriter err) throws InterruptedException {
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

    /** The broker {@code args} configure; an {@link IllegalArgumentException} naming the option at fault when they configure none. */
    public static ReferenceBroker.Builder parse(List<String> args) {
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
            if (!OPTIONS.contains(option)) {
                throw new IllegalArgumentException("unknown option " + option);
            }
            try {
                switch (option) {
                    case "--socket" -> socket = Path.of(value);
                    case "--backend" -> backend = Path.of(value);
                    case "--service" -> settings.add(b -> b.service(value));
                    case "--backend-pipe" -> settings.add(b -> b.backendPipe(value));
                    case "--ack-deadline" -> {
                        Duration d = DurationText.parse(value);
                        settings.add(b -> b.ackDeadline(d));
                    }
                    case "--hello-deadline" -> {
                        Duration d = DurationText.parse(value);
                        settings.add(b -> b.helloDeadline(d));
                    }
                    case "--profile" -> {
                        Profile p = Profile.of(value).orElseThrow(() -> new IllegalArgumentException("unknown profile " + value + " (4.5.5 or 4.6.2)"));
                        settings.add(b -> b.profile(p));
                    }
                    case "--max-clients" -> {
                        int n = Integer.parseInt(value);
                        settings.add(b -> b.maxConcurrentClients(n));
                    }
                    case "--failure-limit" -> {
                        FailureRateLimit limit = failureLimit(Integer.parseInt(value));
                        settings.add(b -> b.failureLimit(limit));
                    }
                    default -> throw new IllegalStateException("an option without a case: " + option);
                }
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(option + ": not a whole number: " + value);
            } catch (IllegalArgumentException e) {
                // the value's own message, with the option it was given to
                throw new IllegalArgumentException(option + ": " + e.getMessage());
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
            throw new IllegalArgumentException("must not be negative");
        }
        return failures == 0 ? FailureRateLimit.unlimited() : new FailureRateLimit(failures, FailureRateLimit.DEFAULT_WINDOW);
    }
}
