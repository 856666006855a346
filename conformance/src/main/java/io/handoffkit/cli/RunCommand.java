package io.handoffkit.cli;

import io.handoffkit.conformance.runner.ConformanceRunner;
import io.handoffkit.conformance.runner.model.Case;
import io.handoffkit.conformance.runner.model.Durations;
import io.handoffkit.conformance.runner.model.ExpectedFailures;
import io.handoffkit.conformance.runner.model.ProtocolRole;
import io.handoffkit.conformance.runner.model.RunOptions;
import io.handoffkit.conformance.runner.model.RunResult;
import io.handoffkit.conformance.runner.model.Section;
import io.handoffkit.conformance.runner.model.Suite;
import io.handoffkit.conformance.runner.model.Timing;
import io.handoffkit.conformance.runner.report.ConsoleReport;
import io.handoffkit.conformance.runner.report.Reports;
import io.handoffkit.conformance.runner.suite.Suites;
import io.handoffkit.conformance.runner.targets.AttachTarget;
import io.handoffkit.conformance.runner.targets.ContainerTarget;
import io.handoffkit.conformance.runner.targets.ExecTarget;
import io.handoffkit.conformance.runner.targets.StartedTargets;
import io.handoffkit.conformance.runner.targets.Target;
import io.handoffkit.conformance.runner.targets.TargetException;
import io.handoffkit.profile.Profile;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.function.Function;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code handoff-kit run}: the conformance runner, over real Unix sockets: the suite of the role
 * under test ({@code --role}: backend, broker or client) against a target.
 */
@Command(
        name = "run",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "Check an implementation of a role (--role backend, broker or client) against SPEC.md over real Unix sockets",
            "with real descriptors (SCM_RIGHTS); for the backend role the runner plays the broker, for the broker role client and backend,",
            "for the client role broker and backend pipe.",
            "Default target: the bundled reference.",
            "Exit code: 0 when every MUST case passed (and at least one ran, and an --expect-failures list matched);",
            "1 when a MUST case failed or the list did not match; 2 for usage or setup errors (no socket, the command died, no Docker engine, an image not built)."
        })
public final class RunCommand implements Callable<Integer> {

    /** The broker's ACK deadline the broker suite assumes unless {@code --ack-timeout} says otherwise (BPROFILE-4, ACK-6's default). */
    static final java.time.Duration BROKER_ACK_DEADLINE = java.time.Duration.ofSeconds(5);

    @Spec
    CommandSpec spec;

    @Option(names = "--role", paramLabel = "backend|broker|client", defaultValue = "backend",
            description = "the role of the implementation under test: backend (default), broker (the runner plays client and backend) or client (the runner plays broker and backend pipe)")
    String role;

    @Option(names = "--target", paramLabel = "reference|exec|attach|container",
            description = "the implementation under test (default: reference; exec with --cmd; attach with --socket; container with --image)")
    String target;

    @Option(names = "--cmd", paramLabel = "CMD",
            description = {"exec: the command that starts the implementation; container: the container's command (default: the image's own).",
                "{socket} (each endpoint of the role) and {dir} are replaced (also in $HANDOFF_KIT_SOCKET, ...)"})
    String command;

    @Option(names = "--image", paramLabel = "IMAGE",
            description = "container: a local image (never pulled), started with network none and the socket directory bind-mounted")
    String image;

    @Option(names = "--socket", paramLabel = "PATH",
            description = "attach: the socket of an implementation already running (endpoint {socket}; --role client: the broker socket the client dials, the runner listens there)")
    Path socket;

    @Option(names = "--backend", paramLabel = "PATH",
            description = "attach, --role broker: the handoff endpoint the running broker dials; --role client: the backend pipe (endpoint {backend}; the runner listens there)")
    Path backend;

    @Option(names = "--startup-timeout", paramLabel = "DURATION", defaultValue = "10s",
            description = "exec/attach/container: how long to wait for the socket to accept connections (default: ${DEFAULT-VALUE})")
    String startupTimeout;

    @Option(names = "--case", paramLabel = "ID", description = "run one case (e.g. handoff/OFFER-2/1) and print its exact bytes and a reproduce command")
    String onlyCase;

    @Option(names = "--section", paramLabel = "NAME", split = ",",
            description = "run only these sections (backend: offers, rejections, tokens, robustness, properties; "
                    + "broker: negotiation, offer, ack, deadlines, hygiene, properties; client: hello, adoption, defects, wait, errors, properties)")
    List<String> sections = new ArrayList<>();

    @Option(names = "--profile", paramLabel = "4.5.5|4.6.2", converter = ProfileConverter.class, description = ProfileConverter.DESCRIPTION)
    Profile profile = Profile.DEFAULT;

    @Option(names = "--tries", paramLabel = "N", defaultValue = "" + RunOptions.DEFAULT_TRIES,
            description = "generated cases per property-driven case (default: ${DEFAULT-VALUE})")
    int tries;

    @Option(names = "--seed", paramLabel = "S", description = "seed of the property-driven cases (default: random, printed)")
    Long seed;

    @Option(names = "--ack-timeout", paramLabel = "DURATION",
            description = "backend: wait for the answer to a complete offer (default: 2s); broker: the broker's ACK deadline "
                    + "(default: 5s; 300ms for the reference), which the silent, trickling and late ACK cases wait out")
    String ackTimeout;

    @Option(names = "--idle-bound", paramLabel = "DURATION",
            description = "PROFILE-6: how long a backend may hold an incomplete handoff (default: 5s; 1s for the reference)")
    String idleBound;

    @Option(names = "--close-bound", paramLabel = "DURATION", description = "wait for probes and end of stream (default: 1s)")
    String closeBound;

    @Option(names = "--junit-xml", paramLabel = "FILE", description = "write a JUnit XML report")
    Path junitXml;

    @Option(names = "--json", paramLabel = "FILE", description = "write a JSON report")
    Path json;

    @Option(names = "--html", paramLabel = "FILE", description = "write a self-contained HTML report")
    Path html;

    @Option(names = "--markdown", paramLabel = "FILE",
            description = "write a Markdown page: totals per section and every case that did not pass (no timings, no bytes)")
    Path markdown;

    @Option(names = "--expect-failures", paramLabel = "FILE",
            description = "exact list of case IDs allowed to fail; a listed case that passes, or an unknown ID, fails the run")
    Path expectFailures;

    @Option(names = "--color", paramLabel = "auto|always|never", defaultValue = "auto", description = "colour on the console (default: ${DEFAULT-VALUE})")
    String color;

    @Option(names = "--list", description = "list every case (ID, level, section, title) and exit")
    boolean list;

    @Option(names = {"-v", "--verbose"}, description = "print every case and the property statistics")
    boolean verbose;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Suite suite;
        try {
            suite = suite();
        } catch (IllegalArgumentException e) {
            err.println("handoff-kit run: " + e.getMessage());
            err.flush();
            return ExitCodes.USAGE;
        }
        if (list) {
            for (Case c : suite.cases()) {
                out.printf(Locale.ROOT, "%-24s %-6s %-11s %s%n", c.id(), c.level(), c.section().id(), c.title());
            }
            out.flush();
            return ExitCodes.OK;
        }
        Target backend;
        RunOptions options;
        Optional<ExpectedFailures> expected = Optional.empty();
        try {
            backend = target(suite);
            options = options(suite, backend);
            if (expectFailures != null) {
                expected = Optional.of(ExpectedFailures.read(expectFailures));
            }
        } catch (IllegalArgumentException | IOException e) {
            err.println("handoff-kit run: " + e.getMessage());
            err.flush();
            return ExitCodes.USAGE;
        }
        Function<Case, String> reproduce = c -> reproduce(c, options);
        ConsoleReport console = new ConsoleReport(out, colour(), verbose, reproduce);
        PrintStream propertyLog = verbose ? new PrintStream(new WriterStream(out), true, StandardCharsets.UTF_8)
                : new PrintStream(OutputStream.nullOutputStream());
        RunResult result;
        // SIGINT/SIGTERM: stop what was started, as a finished run does (the JVM then exits with 130 / 143)
        StartedTargets.stopOnExit();
        try {
            result = new ConformanceRunner(suite, backend, options, expected, console, propertyLog).run();
        } catch (TargetException e) {
            err.println("handoff-kit run: setup error: " + e.getMessage());
            String output = backend.output();
            if (!output.isEmpty()) {
                err.println("what the " + suite.role().id() + " printed:");
                err.println(output.strip());
            }
            err.flush();
            return ExitCodes.USAGE;
        }
        if (options.onlyCase().isPresent()) {
            result.results().forEach(console::detail);
        }
        console.finished(result);
        try {
            if (json != null) {
                Reports.writeJson(result, reproduce, json);
                out.println("wrote " + json);
            }
            if (junitXml != null) {
                Reports.writeJunitXml(result, reproduce, junitXml);
                out.println("wrote " + junitXml);
            }
            if (html != null) {
                Reports.writeHtml(result, reproduce, html);
                out.println("wrote " + html);
            }
            if (markdown != null) {
                Reports.writeMarkdown(result, reproduce, markdown);
                out.println("wrote " + markdown);
            }
        } catch (IOException e) {
            err.println("handoff-kit run: cannot write a report: " + e.getMessage());
            err.flush();
            return ExitCodes.USAGE;
        }
        out.flush();
        return result.exitCode() == 0 ? ExitCodes.OK : ExitCodes.FAILED;
    }

    /** The suite of {@code --role}: a usage error for a role that has none yet. */
    private Suite suite() {
        ProtocolRole r = ProtocolRole.byId(role).orElseThrow(() -> new IllegalArgumentException(
                "unknown --role " + role + " (backend, broker or client)"));
        return Suites.of(r).orElseThrow(() -> new IllegalArgumentException("--role " + r.id() + ": the " + r.id()
                + " suite is not available yet (--role backend and --role broker have suites)"));
    }

    private Target target(Suite suite) {
        String kind = target != null ? target.toLowerCase(Locale.ROOT)
                : image != null ? "container" : command != null ? "exec" : socket != null ? "attach" : "reference";
        if (image != null && !kind.equals("container")) {
            throw new IllegalArgumentException("--image is for --target container");
        }
        Duration startup = Durations.parse(startupTimeout);
        switch (kind) {
            case "reference" -> {
                if (command != null || socket != null) {
                    throw new IllegalArgumentException("--target reference takes neither --cmd nor --socket");
                }
                return Suites.reference(suite.role()).orElseThrow(() -> new IllegalArgumentException(
                        "there is no bundled reference " + suite.role().id() + ": use --cmd, --socket or --image"));
            }
            case "exec" -> {
                if (command == null || command.isBlank()) {
                    throw new IllegalArgumentException("--target exec needs --cmd 'path/to/backend --socket {socket}'");
                }
                if (socket != null) {
                    throw new IllegalArgumentException("--cmd and --socket exclude each other");
                }
                return new ExecTarget(command, startup);
            }
            case "attach" -> {
                if (socket == null) {
                    throw new IllegalArgumentException("--target attach needs --socket PATH");
                }
                if (command != null) {
                    throw new IllegalArgumentException("--cmd and --socket exclude each other");
                }
                return new AttachTarget(attachPaths(), startup);
            }
            case "container" -> {
                if (socket != null) {
                    throw new IllegalArgumentException("--target container takes no --socket (its socket is in a directory the runner mounts)");
                }
                return new ContainerTarget(image, command, startup);
            }
            default -> throw new IllegalArgumentException("unknown --target " + target + " (reference, exec, attach or container)");
        }
    }

    /** The attach target's path per endpoint name, from the endpoint options ({@code --socket}). */
    private Map<String, Path> attachPaths() {
        Suite suite = suite();
        if (suite.endpoint("backend").isPresent()) {
            if (backend == null) {
                throw new IllegalArgumentException("--role " + suite.role().id() + " --socket PATH needs --backend PATH too ("
                        + suite.endpoint("backend").get().description() + ")");
            }
            return Map.of("socket", socket, "backend", backend);
        }
        if (backend != null) {
            throw new IllegalArgumentException("--backend is an endpoint of --role broker and --role client only");
        }
        return Map.of("socket", socket);
    }

    private RunOptions options(Suite suite, Target backend) {
        Timing timing = backend.timing(suite.role() == ProtocolRole.BROKER ? Timing.DEFAULTS.withAckTimeout(BROKER_ACK_DEADLINE) : Timing.DEFAULTS);
        if (ackTimeout != null) {
            timing = timing.withAckTimeout(Durations.parse(ackTimeout));
        }
        if (idleBound != null) {
            timing = timing.withIdleBound(Durations.parse(idleBound));
        }
        if (closeBound != null) {
            timing = timing.withCloseBound(Durations.parse(closeBound));
        }
        RunOptions o = RunOptions.defaults().withTiming(timing).withTries(tries).withProfile(profile);
        if (seed != null) {
            o = o.withSeed(seed);
        }
        if (onlyCase != null) {
            if (suite.cases().stream().noneMatch(c -> c.id().equals(onlyCase))) {
                throw new IllegalArgumentException("no case " + onlyCase + " (handoff-kit run --list shows every case)");
            }
            o = o.withOnlyCase(onlyCase);
        }
        Set<Section> chosen = new HashSet<>();
        for (String s : sections) {
            chosen.add(suite.section(s.strip()).orElseThrow(() -> new IllegalArgumentException(
                    "unknown --section " + s + " (" + suite.sections().stream().map(Section::id).collect(Collectors.joining(", ")) + ")")));
        }
        return o.withSections(chosen);
    }

    /** One line that reruns {@code c} against the same target with the same settings. */
    private String reproduce(Case c, RunOptions o) {
        StringBuilder b = new StringBuilder("./handoff-kit run");
        if (!role.equalsIgnoreCase(ProtocolRole.BACKEND.id())) {
            b.append(" --role ").append(role.toLowerCase(Locale.ROOT));
        }
        if (image != null) {
            b.append(" --image ").append(quote(image));
        }
        if (command != null) {
            b.append(" --cmd ").append(quote(command));
        } else if (socket != null) {
            b.append(" --socket ").append(quote(socket.toString()));
            if (backend != null) {
                b.append(" --backend ").append(quote(backend.toString()));
            }
        }
        if (ackTimeout != null) {
            b.append(" --ack-timeout ").append(ackTimeout);
        }
        if (idleBound != null) {
            b.append(" --idle-bound ").append(idleBound);
        }
        if (closeBound != null) {
            b.append(" --close-bound ").append(closeBound);
        }
        b.append(" --case ").append(c.id());
        if (c.section().propertyDriven()) {
            b.append(" --seed ").append(o.seed()).append(" --tries ").append(o.tries());
        }
        return b.toString();
    }

    private static String quote(String s) {
        return s.matches("[A-Za-z0-9_./:=@%+-]+") ? s : "'" + s.replace("'", "'\\''") + "'";
    }

    private boolean colour() {
        return switch (color.toLowerCase(Locale.ROOT)) {
            case "always" -> true;
            case "never" -> false;
            default -> System.console() != null && System.getenv("NO_COLOR") == null && !"dumb".equals(System.getenv("TERM"));
        };
    }

    /** Property statistics go to the console writer. */
    private static final class WriterStream extends OutputStream {
        private final PrintWriter out;
        private final java.io.ByteArrayOutputStream line = new java.io.ByteArrayOutputStream();

        WriterStream(PrintWriter out) {
            this.out = out;
        }

        @Override
        public synchronized void write(int b) {
            if (b == '\n') {
                out.println("    " + line.toString(StandardCharsets.UTF_8));
                out.flush();
                line.reset();
            } else {
                line.write(b);
            }
        }
    }
}
