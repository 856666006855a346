package io.handoffkit.cli;

import io.handoffkit.conformance.runner.ConformanceRunner;
import io.handoffkit.conformance.runner.model.Case;
import io.handoffkit.conformance.runner.model.Errors;
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
import io.handoffkit.conformance.runner.suite.broker.BrokerSuite;
import io.handoffkit.conformance.runner.targets.AttachTarget;
import io.handoffkit.conformance.runner.targets.ContainerTarget;
import io.handoffkit.conformance.runner.targets.ExecTarget;
import io.handoffkit.conformance.runner.targets.StartedTargets;
import io.handoffkit.conformance.runner.targets.Target;
import io.handoffkit.conformance.runner.targets.TargetException;
import io.handoffkit.profile.Profile;
import io.handoffkit.time.DurationText;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
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
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code handoff-kit run}: the conformance runner, over real Unix sockets: the suite of the role
 * under test ({@code --role}: backend, broker or client) against a target.
 */
@Command(
        name = "run",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        abbreviateSynopsis = true,
        optionListHeading = "%nOptions:%n",
        header = "Check an implementation of a role against SPEC.md over real Unix sockets.",
        description = {
            "The runner plays the other parts of a handoff with real descriptors (SCM_RIGHTS): for --role backend it plays the "
                    + "broker, for --role broker the client and the backend, for --role client the broker and the backend pipe. The implementation is the bundled reference (the "
                    + "default), a command the runner starts (--cmd), one already running (--socket) or a local container "
                    + "image (--image).",
            "A failing case is printed with a line that reruns just it; --case prints its exact bytes both ways."
        },
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:every MUST case passed (at least one ran, and an --expect-failures list matched)",
            "1:a MUST case failed, or the --expect-failures list did not match",
            "2:usage or setup error (no socket, the command died, no Docker engine, an image not built)"
        },
        footerHeading = "%nExamples:%n",
        footer = {
            "  handoff-kit run",
            "  handoff-kit run --cmd 'path/to/backend --socket {socket}' --json report.json",
            "  handoff-kit run --role broker --socket client.sock --backend handoff.sock"
        })
public final class RunCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--role", paramLabel = "ROLE", defaultValue = "backend",
            description = "the role of the implementation under test: backend (default), broker (the runner plays client and backend) or client (the runner plays broker and backend pipe)")
    ProtocolRole role;

    @Option(names = "--target", paramLabel = "TARGET",
            description = "reference, exec, attach or container (default: the one --cmd, --socket or --image implies; else reference)")
    TargetKind target;

    /** Where the implementation is: started by the runner, or already running; never both. */
    @ArgGroup(exclusive = true, heading = "%nThe implementation under test (default: the bundled reference):%n")
    Implementation implementation = new Implementation();

    static final class Implementation {
        @ArgGroup(exclusive = false, multiplicity = "1")
        Started started = new Started();

        @ArgGroup(exclusive = false, multiplicity = "1")
        Attached attached;
    }

    static final class Started {
        @Option(names = "--cmd", paramLabel = "CMD",
                description = "exec: the command that starts the implementation; container: the container's command (default: the "
                        + "image's own). The runner replaces {socket} (each endpoint of the role) and {dir}, and exports "
                        + "$HANDOFF_KIT_SOCKET, ...")
        String command;

        @Option(names = "--image", paramLabel = "IMAGE",
                description = "container: a local image (never pulled), started with network none and the socket directory bind-mounted")
        String image;
    }

    static final class Attached {
        @Option(names = "--socket", paramLabel = "PATH", required = true,
                description = "attach: the socket of an implementation already running (endpoint {socket}; --role client: the broker "
                        + "socket the client dials, where the runner listens)")
        Path socket;

        @Option(names = "--backend", paramLabel = "PATH",
                description = "attach, --role broker: the handoff endpoint the running broker dials; --role client: the backend pipe "
                        + "(endpoint {backend}; the runner listens there)")
        Path backend;
    }

    @Option(names = "--startup-timeout", paramLabel = "DURATION", converter = DurationConverter.class, defaultValue = "10s",
            description = "exec, attach, container: how long to wait for the socket to accept connections (default: ${DEFAULT-VALUE})")
    Duration startupTimeout;

    @Option(names = "--case", paramLabel = "ID", description = "run one case (e.g. handoff/OFFER-2/1) and print its exact bytes and a reproduce command")
    String onlyCase;

    @Option(names = "--section", paramLabel = "SECTION", split = ",", converter = SectionConverter.class,
            description = "run only these sections (backend: offers, rejections, tokens, robustness, properties; "
                    + "broker: negotiation, offer, ack, deadlines, hygiene, properties; client: hello, adoption, defects, wait, errors, properties)")
    List<String> sections = new ArrayList<>();

    @Option(names = "--profile", paramLabel = "PROFILE", converter = ProfileConverter.class, description = ProfileConverter.DESCRIPTION)
    Profile profile = Profile.DEFAULT;

    @Option(names = "--tries", paramLabel = "N", defaultValue = "" + RunOptions.DEFAULT_TRIES,
            description = "generated cases per property-driven case (default: ${DEFAULT-VALUE})")
    int tries;

    @Option(names = "--seed", paramLabel = "SEED", description = "seed of the property-driven cases (default: random, printed)")
    Long seed;

    @Option(names = "--ack-timeout", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "backend: wait for the answer to a complete offer (default: 2s); broker: the broker's ACK deadline "
                    + "(default: 5s; 300ms for the reference), which the silent, trickling and late ACK cases wait out")
    Duration ackTimeout;

    @Option(names = "--idle-bound", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "backend: how long a backend may hold an incomplete handoff (PROFILE-6; default: 5s; 1s for the reference); "
                    + "broker: the broker's bound on reading a Hello, which the trickled-Hello case waits out (BPROFILE-5; default: 30s; "
                    + "500ms for the reference)")
    Duration idleBound;

    @Option(names = "--close-bound", paramLabel = "DURATION", converter = DurationConverter.class, description = "wait for probes and end of stream (default: 1s)")
    Duration closeBound;

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

    @Option(names = "--color", paramLabel = "WHEN", defaultValue = "auto",
            description = "colour on the console: auto (on a terminal, unless NO_COLOR is set), always or never (default: ${DEFAULT-VALUE})")
    ColorMode color;

    @Option(names = "--list", description = "list every case (ID, level, section, title) and exit")
    boolean list;

    @Option(names = {"-v", "--verbose"}, description = "print every case and the property statistics")
    boolean verbose;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Suite suite = suite();
        if (list) {
            for (Case c : suite.cases()) {
                out.printf(Locale.ROOT, "%-24s %-6s %-11s %s%n", c.id(), c.level(), c.section().id(), c.title());
            }
            out.flush();
            return ExitCodes.OK;
        }
        Target backend = target(suite);
        RunOptions options = options(suite, backend);
        Optional<ExpectedFailures> expected = Optional.empty();
        if (expectFailures != null) {
            try {
                expected = Optional.of(ExpectedFailures.read(expectFailures));
            } catch (NoSuchFileException e) {
                throw usage("--expect-failures: there is no file " + expectFailures);
            } catch (IOException | IllegalArgumentException e) {
                throw usage("--expect-failures: cannot read " + expectFailures + ": " + Errors.message(e));
            }
        }
        Function<Case, String> reproduce = c -> reproduce(c, options);
        ConsoleReport console = new ConsoleReport(out, color.colour(), verbose, reproduce);
        PrintStream propertyLog = verbose ? new PrintStream(new WriterStream(out), true, StandardCharsets.UTF_8)
                : new PrintStream(OutputStream.nullOutputStream());
        RunResult result;
        // SIGINT/SIGTERM: stop what was started, as a finished run does (the JVM then exits with 130 / 143)
        StartedTargets.stopOnExit();
        try {
            result = new ConformanceRunner(suite, backend, options, expected, console, propertyLog).run();
        } catch (TargetException e) {
            // the message carries the last lines the implementation printed, if it printed any
            err.println("handoff-kit run: setup error: " + e.getMessage());
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

    private ParameterException usage(String message) {
        return new ParameterException(spec.commandLine(), message);
    }

    /** The suite of {@code --role}: a usage error for a role that has none yet. */
    private Suite suite() {
        return Suites.of(role).orElseThrow(() -> usage("--role " + role.id() + ": the " + role.id()
                + " suite is not available yet (--role backend and --role broker have suites)"));
    }

    private Target target(Suite suite) {
        Started started = implementation.started;
        Attached attached = implementation.attached;
        TargetKind kind = target != null ? target
                : started.image != null ? TargetKind.CONTAINER
                : started.command != null ? TargetKind.EXEC
                : attached != null ? TargetKind.ATTACH
                : TargetKind.REFERENCE;
        if (started.image != null && kind != TargetKind.CONTAINER) {
            throw usage("--image is for --target container");
        }
        if (attached != null && kind != TargetKind.ATTACH) {
            throw usage("--socket is for --target attach");
        }
        return switch (kind) {
            case REFERENCE -> {
                if (started.command != null) {
                    throw usage("--target reference takes no --cmd");
                }
                yield Suites.reference(suite.role(), profile).orElseThrow(() -> usage(
                        "there is no bundled reference " + suite.role().id() + ": use --cmd, --socket or --image"));
            }
            case EXEC -> {
                if (started.command == null || started.command.isBlank()) {
                    throw usage("--target exec needs --cmd 'path/to/backend --socket {socket}'");
                }
                try {
                    yield new ExecTarget(started.command, startupTimeout);
                } catch (IllegalArgumentException e) {
                    throw usage(e.getMessage());
                }
            }
            case ATTACH -> {
                if (attached == null) {
                    throw usage("--target attach needs --socket PATH");
                }
                yield new AttachTarget(attachPaths(suite, attached), startupTimeout);
            }
            case CONTAINER -> {
                if (started.image == null) {
                    throw usage("--target container needs --image IMAGE");
                }
                yield new ContainerTarget(started.image, started.command, startupTimeout);
            }
        };
    }

    /** The attach target's path per endpoint name, from the endpoint options ({@code --socket}). */
    private Map<String, Path> attachPaths(Suite suite, Attached attached) {
        if (suite.endpoint("backend").isPresent()) {
            if (attached.backend == null) {
                throw usage("--role " + suite.role().id() + " --socket PATH needs --backend PATH too ("
                        + suite.endpoint("backend").get().description() + ")");
            }
            return Map.of("socket", attached.socket, "backend", attached.backend);
        }
        if (attached.backend != null) {
            throw usage("--backend is an endpoint of --role broker and --role client only");
        }
        return Map.of("socket", attached.socket);
    }

    private RunOptions options(Suite suite, Target backend) {
        Timing timing = backend.timing(suite.role() == ProtocolRole.BROKER ? BrokerSuite.DEFAULT_TIMING : Timing.DEFAULTS);
        if (ackTimeout != null) {
            timing = timing.withAckTimeout(ackTimeout);
        }
        if (idleBound != null) {
            timing = timing.withIdleBound(idleBound);
        }
        if (closeBound != null) {
            timing = timing.withCloseBound(closeBound);
        }
        if (tries < 1) {
            throw usage("--tries must be at least 1");
        }
        RunOptions o = RunOptions.defaults().withTiming(timing).withTries(tries).withProfile(profile);
        if (seed != null) {
            o = o.withSeed(seed);
        }
        if (onlyCase != null) {
            if (suite.cases().stream().noneMatch(c -> c.id().equals(onlyCase))) {
                throw usage("no case " + onlyCase + " (handoff-kit run --list shows every case)");
            }
            o = o.withOnlyCase(onlyCase);
        }
        Set<Section> chosen = new HashSet<>();
        for (String s : sections) {
            chosen.add(suite.section(s).orElseThrow(() -> usage("--section " + s + " is not a section of --role " + suite.role().id()
                    + " (" + SectionConverter.sections(suite) + ")")));
        }
        return o.withSections(chosen);
    }

    /** One line that reruns {@code c} against the same target with the same settings. */
    private String reproduce(Case c, RunOptions o) {
        StringBuilder b = new StringBuilder("./handoff-kit run");
        if (role != ProtocolRole.BACKEND) {
            b.append(" --role ").append(role.id());
        }
        Started started = implementation.started;
        if (started.image != null) {
            b.append(" --image ").append(quote(started.image));
        }
        if (started.command != null) {
            b.append(" --cmd ").append(quote(started.command));
        }
        Attached attached = implementation.attached;
        if (attached != null) {
            b.append(" --socket ").append(quote(attached.socket.toString()));
            if (attached.backend != null) {
                b.append(" --backend ").append(quote(attached.backend.toString()));
            }
        }
        if (ackTimeout != null) {
            b.append(" --ack-timeout ").append(DurationText.format(ackTimeout));
        }
        if (idleBound != null) {
            b.append(" --idle-bound ").append(DurationText.format(idleBound));
        }
        if (closeBound != null) {
            b.append(" --close-bound ").append(DurationText.format(closeBound));
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
