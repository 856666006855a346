package io.handoffkit.transport.unix;

import io.handoffkit.client.RelayWait;
import io.handoffkit.time.DurationText;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;

/**
 * The reference client as a process (SPEC Appendix C): {@code java -cp <reference-impl + deps>
 * io.handoffkit.transport.unix.ReferenceClientMain --socket PATH [options]}, also
 * {@code handoff-kit client [options]}. It dials the broker at {@code --socket} session after
 * session ({@link ClientSessions}), prints {@code READY <socket>} on stdout when it begins, and runs
 * until it is terminated (SIGTERM, SIGINT).
 */
public final class ReferenceClientMain {

    /** The options, as {@code --help} and a usage error print them. */
    public static final String USAGE = """
            usage: ReferenceClientMain --socket PATH [options]
              --socket PATH          the broker's Unix socket to dial (required)
              --service NAME         the service asked for in the Hello (default echo)
              --relay-wait D         how long to wait for the handoff-ready relay (default 2s)
              --no-adopt             never adopt a handed-off connection: always reconnect through backend_pipe
            durations: 500ms, 1.5s, 1m30s, 2h
            exit code 2 on a usage error""";

    private ReferenceClientMain() {}

    public static void main(String[] args) throws InterruptedException {
        ProcessMain.main(args, USAGE, ReferenceClientMain::parse, (settings, out, err) -> serve(settings, out));
    }


    /** Start the sessions of {@code settings}, print the ready line, and run until the JVM shuts down. */
    public static int serve(ReferenceClient.Settings settings, PrintWriter out) throws InterruptedException {
        ClientSessions sessions = ClientSessions.start(new ReferenceClient(settings));
        out.println("READY " + settings.broker());
        out.flush();
        UntilShutdown.await(sessions);
        return 0;
    }

    /** The settings {@code args} give; an {@link IllegalArgumentException} naming the option on a usage error. */
    public static ReferenceClient.Settings parse(List<String> args) {
        Path socket = null;
        String service = "echo";
        java.time.Duration wait = RelayWait.DEFAULT_WAIT;
        boolean adopt = true;
        for (int i = 0; i < args.size(); i++) {
            String option = args.get(i);
            if (option.equals("--no-adopt")) {
                adopt = false;
                continue;
            }
            String value = i + 1 < args.size() ? args.get(i + 1) : null;
            if (value == null) {
                throw new IllegalArgumentException(option.startsWith("--") ? option + " needs a value" : "unexpected argument " + option);
            }
            i++;
            switch (option) {
                case "--socket" -> socket = Path.of(value);
                case "--service" -> service = value;
                case "--relay-wait" -> wait = DurationText.parse(value);
                default -> throw new IllegalArgumentException("unknown option " + option);
            }
        }
        if (socket == null) {
            throw new IllegalArgumentException("--socket PATH is required");
        }
        return ReferenceClient.Settings.of(socket).withService(service).withRelayWait(wait).withAdoption(adopt);
    }
}
