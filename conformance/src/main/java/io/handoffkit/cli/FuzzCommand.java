package io.handoffkit.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * Fuzzing campaigns over the Jazzer targets of the {@code fuzz} module: one
 * target per JVM, each through {@code ./mvnw -pl fuzz test -Dtest=Class#method}
 * with {@code JAZZER_FUZZ=1} (Jazzer's JUnit fuzzing mode), for a fixed
 * duration. Progress is shown while a target runs; at the end a table gives,
 * per target, the executions, exec/s, corpus size, coverage and findings.
 * A finding is a crash file Jazzer wrote under
 * {@code fuzz/src/test/resources/io/handoffkit/fuzz/<Class>Inputs/<method>/}:
 * from then on the regression run ({@code ./mvnw verify}) replays it and fails
 * until it is fixed (triage: fuzz/README.md).
 */
@Command(
        name = "fuzz",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        abbreviateSynopsis = true,
        header = "Run Jazzer fuzzing campaigns on the kit's decoders, bookkeeping and properties.",
        description = {
            "Each target runs in its own JVM, through ./mvnw in the fuzz module (so it needs the source tree), for --duration. "
                    + "Progress is shown while a target runs; at the end a table gives, per target, the executions, exec/s, "
                    + "corpus size, coverage and findings. A finding is a crash file, replayed by every later ./mvnw verify "
                    + "until it is fixed (triage: fuzz/README.md).",
            "Targets (--list): frame-reader, offer-read, offer-serve, ack-check, relay-check, token-registry, "
                    + "properties-backend-offer, properties-broker-ack, properties-client-relay, and (with the upstream peer, "
                    + "HANDOFF_KIT_UPSTREAM_PEER) differential-backend-offer, differential-broker-ack, differential-client-relay."
        },
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:no finding",
            "1:at least one finding (crash files written; triage in fuzz/README.md)",
            "2:usage or setup error"
        },
        footerHeading = "%nExamples:%n",
        footer = {
            "  handoff-kit fuzz --list",
            "  handoff-kit fuzz --target offer-read --duration 10m",
            "  handoff-kit fuzz --all --duration 1m30s --json > fuzz.json"
        })
public final class FuzzCommand implements Callable<Integer> {

    /** One fuzz target: its name and the JUnit {@code @FuzzTest} that runs it. Kept in step with the fuzz module by its tests. */
    public record Target(String name, String testClass, String method, String description) {

        public String testSelector() {
            return testClass + "#" + method;
        }

        /** Simple name of the test class. */
        public String simpleClass() {
            return testClass.substring(testClass.lastIndexOf('.') + 1);
        }
    }

    private static final String PKG = "io.handoffkit.fuzz.";

    public static final List<Target> TARGETS = List.of(
            new Target("frame-reader", PKG + "FrameFuzz", "frameReader", "frame layer over a socket-like stream"),
            new Target("offer-read", PKG + "BackendFuzz", "offerRead", "backend: read one HandoffOffer"),
            new Target("offer-serve", PKG + "BackendFuzz", "offerServe", "backend: read, judge the token, write the ACK"),
            new Target("ack-check", PKG + "BrokerFuzz", "ackCheck", "broker: check the HandoffAck (fixed token, correlation id)"),
            new Target("relay-check", PKG + "ClientFuzz", "relayCheck", "client: check the handoff-ready relay"),
            new Target("token-registry", PKG + "BookkeepingFuzz", "tokenStoreAndRegistry", "token store + ACK registry vs a model"),
            new Target("properties-backend-offer", PKG + "PropertyFuzz", "backendOfferProperties", "backend-offer properties"),
            new Target("properties-broker-ack", PKG + "PropertyFuzz", "brokerAckProperties", "broker-ack properties"),
            new Target("properties-client-relay", PKG + "PropertyFuzz", "clientRelayProperties", "client-relay properties"),
            new Target("differential-backend-offer", PKG + "DifferentialFuzz", "backendOffer", "backend-offer: reference vs upstream 4.5.5"),
            new Target("differential-broker-ack", PKG + "DifferentialFuzz", "brokerAck", "broker-ack: reference vs upstream 4.5.5"),
            new Target("differential-client-relay", PKG + "DifferentialFuzz", "clientRelay", "client-relay: reference vs upstream 4.5.5"));

    /** Runs one command, handing every output line (stdout and stderr merged) to {@code lines}; returns its exit code. */
    @FunctionalInterface
    interface Launcher {
        int run(List<String> command, Map<String, String> environment, Path directory, Consumer<String> lines)
                throws IOException, InterruptedException;
    }

    @Spec
    CommandSpec spec;

    @Option(names = "--target", paramLabel = "TARGET", description = "a target to fuzz (repeatable); see --list")
    List<String> targetNames = new ArrayList<>();

    @Option(names = "--all", description = "fuzz every target, one after the other")
    boolean all;

    @Option(names = "--duration", paramLabel = "DURATION", converter = DurationConverter.class, defaultValue = "5m",
            description = "fuzzing time per target, whole seconds: 30s, 10m, 1h, 1m30s (default: ${DEFAULT-VALUE})")
    Duration duration;

    @Option(names = "--list", description = "print the target names, one per line, and exit")
    boolean list;

    @Option(names = "--json", description = "print the final table as JSON on stdout (progress goes to stderr)")
    boolean json;

    @Option(names = "--verbose", description = "show every line of Jazzer's and Maven's output")
    boolean verbose;

    @Option(names = "--project-dir", paramLabel = "DIR",
            description = "the handoff-kit source tree (default: found from the CLI jar or the working directory)")
    Path projectDir;

    @Option(names = "--maven-arg", paramLabel = "ARG", description = "extra argument for ./mvnw, e.g. --maven-arg=-o (repeatable)")
    List<String> mavenArgs = new ArrayList<>();

    private final Launcher launcher;
    private final long heartbeatMillis;

    public FuzzCommand() {
        this(FuzzCommand::runProcess, 15_000);
    }

    FuzzCommand(Launcher launcher, long heartbeatMillis) {
        this.launcher = launcher;
        this.heartbeatMillis = heartbeatMillis;
    }

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        if (list) {
            TARGETS.forEach(t -> out.println(t.name()));
            out.flush();
            return ExitCodes.OK;
        }
        List<Target> selected = select();
        // Jazzer counts its campaign in whole seconds
        long seconds = duration.toSeconds();
        if (seconds < 1) {
            throw new ParameterException(spec.commandLine(), "--duration must be at least 1s");
        }
        Path root;
        try {
            root = projectRoot();
        } catch (IllegalStateException e) {
            spec.commandLine().getErr().println(e.getMessage());
            spec.commandLine().getErr().flush();
            return ExitCodes.USAGE;
        }
        PrintWriter progress = json ? spec.commandLine().getErr() : out;
        List<Result> results = new ArrayList<>();
        for (int i = 0; i < selected.size(); i++) {
            Target t = selected.get(i);
            progress.printf("[%s] (%d/%d) fuzzing %s for %s%n", t.name(), i + 1, selected.size(), t.testSelector(), clock(seconds));
            progress.flush();
            Result r = runTarget(root, t, seconds, progress);
            results.add(r);
            progress.printf("[%s] %s: %s executions, %s exec/s, %d finding(s)%n", t.name(), r.status,
                    grouped(r.executions), grouped(r.execPerSecond), r.findings.size());
            progress.flush();
        }
        if (json) {
            out.println(toJson(results, seconds));
        } else {
            out.print(table(results));
        }
        out.flush();
        boolean findings = results.stream().anyMatch(r -> !r.findings.isEmpty());
        boolean errors = results.stream().anyMatch(r -> r.status.equals("error"));
        return findings ? ExitCodes.FAILED : errors ? ExitCodes.USAGE : ExitCodes.OK;
    }

    private List<Target> select() {
        if (all == !targetNames.isEmpty()) {
            throw new ParameterException(spec.commandLine(), "give --all or --target NAME (see --list)");
        }
        if (all) {
            return TARGETS;
        }
        Set<Target> chosen = new LinkedHashSet<>();
        for (String name : targetNames) {
            chosen.add(target(name).orElseThrow(() -> new ParameterException(spec.commandLine(),
                    "unknown target: " + name + " (known: " + String.join(", ", TARGETS.stream().map(Target::name).toList()) + ")")));
        }
        return List.copyOf(chosen);
    }

    public static Optional<Target> target(String name) {
        return TARGETS.stream().filter(t -> t.name().equals(name)).findFirst();
    }

    // ---- one campaign --------------------------------------------------------------------------------------------

    /** What one campaign gave. */
    static final class Result {
        final Target target;
        String status = "error";
        long executions;
        long execPerSecond;
        long seconds;
        long coverage = -1;
        long features = -1;
        long corpusEntries = -1;
        long corpusSize = -1;
        final List<String> findings = new ArrayList<>();

        Result(Target target) {
            this.target = target;
        }
    }

    /** libFuzzer's status line: {@code #123 NEW cov: 45 ft: 67 corp: 8/120b lim: 4 exec/s: 1000 rss: 300Mb ...}. */
    static final Pattern STATUS = Pattern.compile(
            "^#(\\d+)\\s+(\\w+)\\s+cov: (\\d+) ft: (\\d+) corp: (\\d+)/(\\d+)(b|Kb|Mb)?.*?exec/s: (\\d+)");
    /** libFuzzer's last line of a campaign: {@code Done 1234 runs in 31 second(s)}. */
    static final Pattern DONE = Pattern.compile("^Done (\\d+) runs in (\\d+) second");
    /** Where libFuzzer wrote a crashing (or timing-out) input. */
    static final Pattern ARTIFACT = Pattern.compile("Test unit written to (\\S+)");

    Result runTarget(Path root, Target t, long seconds, PrintWriter progress) {
        Result r = new Result(t);
        Path findingsDir = root.resolve("fuzz/src/test/resources").resolve(t.testClass().replace('.', '/') + "Inputs").resolve(t.method());
        Set<String> before = listFiles(findingsDir);
        List<String> command = new ArrayList<>(List.of(mavenWrapper(root).toString(), "-B", "-ntp", "-pl", "fuzz", "test",
                "-Dtest=" + t.testSelector(), "-Dsurefire.failIfNoSpecifiedTests=false", "-Dfuzz.quiet=false",
                "-Djazzer.max_duration=" + seconds + "s", "-Dstyle.color=never"));
        command.addAll(mavenArgs);
        Map<String, String> env = Map.of("JAZZER_FUZZ", "1");
        Deque<String> tail = new ArrayDeque<>();
        Object lock = new Object();
        final long started = System.nanoTime();
        long[] latest = {-1, -1, -1, -1, 0}; // executions, exec/s, cov, corpus entries, nanoTime of INITED
        boolean[] inFinding = {false};
        ScheduledExecutorService heartbeat = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread th = new Thread(runnable, "fuzz-progress");
            th.setDaemon(true);
            return th;
        });
        heartbeat.scheduleAtFixedRate(() -> {
            synchronized (lock) {
                if (latest[4] == 0) {
                    progress.printf("[%s] starting (%s: Maven, then the seeds)...%n", t.name(),
                            clock((System.nanoTime() - started) / 1_000_000_000L));
                } else {
                    long fuzzing = Math.min(seconds, (System.nanoTime() - latest[4]) / 1_000_000_000L);
                    progress.printf("[%s] %s/%s  %s execs, %s exec/s, cov %d, corpus %d%n", t.name(), clock(fuzzing),
                            clock(seconds), grouped(latest[0]), grouped(latest[1]), latest[2], latest[3]);
                }
                progress.flush();
            }
        }, heartbeatMillis, heartbeatMillis, TimeUnit.MILLISECONDS);
        int exit;
        try {
            exit = launcher.run(command, env, root, line -> {
                synchronized (lock) {
                    if (line.startsWith("INFO: Instrumented ")) {
                        return; // Jazzer names every class it instruments
                    }
                    tail.addLast(line);
                    if (tail.size() > 200) {
                        tail.removeFirst();
                    }
                    Matcher m = STATUS.matcher(line);
                    if (m.find()) {
                        latest[0] = Long.parseLong(m.group(1));
                        latest[1] = Long.parseLong(m.group(8));
                        latest[2] = Long.parseLong(m.group(3));
                        latest[3] = Long.parseLong(m.group(5));
                        r.executions = latest[0];
                        r.execPerSecond = latest[1];
                        r.coverage = latest[2];
                        r.features = Long.parseLong(m.group(4));
                        r.corpusEntries = latest[3];
                        if (latest[4] == 0 && m.group(2).equals("INITED")) {
                            latest[4] = System.nanoTime();
                        }
                    }
                    Matcher d = DONE.matcher(line);
                    if (d.find()) {
                        r.executions = Long.parseLong(d.group(1));
                        r.seconds = Long.parseLong(d.group(2));
                        r.execPerSecond = r.seconds > 0 ? r.executions / r.seconds : r.executions;
                        r.status = "ok";
                    }
                    Matcher a = ARTIFACT.matcher(line);
                    boolean artifact = a.find();
                    if (artifact) {
                        r.findings.add(a.group(1));
                    }
                    boolean findingLine = line.startsWith("== Java Exception") || line.contains("Uncaught exception")
                            || line.startsWith("==") && line.contains("ERROR: libFuzzer");
                    if (findingLine) {
                        inFinding[0] = true;
                    }
                    if (verbose || inFinding[0] || line.contains("INITED") || line.startsWith("[ERROR]")) {
                        progress.println("[" + t.name() + "] " + line);
                        progress.flush();
                    }
                    if (artifact) {
                        inFinding[0] = false;
                    }
                }
            });
        } catch (IOException e) {
            progress.println("[" + t.name() + "] cannot run " + command.get(0) + ": " + e.getMessage());
            exit = -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            exit = -1;
        } finally {
            heartbeat.shutdownNow();
        }
        synchronized (lock) {
            Set<String> after = listFiles(findingsDir);
            after.removeAll(before);
            for (String f : after) {
                String path = findingsDir.resolve(f).toString();
                if (r.findings.stream().noneMatch(p -> p.endsWith(f))) {
                    r.findings.add(path);
                }
            }
            Path corpus = root.resolve("fuzz/.cifuzz-corpus").resolve(t.testClass()).resolve(t.method());
            r.corpusSize = listFiles(corpus).size();
            if (!r.findings.isEmpty()) {
                r.status = "finding";
            } else if (exit != 0) {
                r.status = "error";
            }
            if (r.status.equals("error")) {
                progress.println("[" + t.name() + "] the run failed (exit " + exit + "); its last lines:");
                tail.forEach(l -> progress.println("  | " + l));
            }
            progress.flush();
        }
        return r;
    }

    private static Set<String> listFiles(Path dir) {
        Set<String> names = new LinkedHashSet<>();
        if (Files.isDirectory(dir)) {
            try (Stream<Path> s = Files.list(dir)) {
                s.filter(Files::isRegularFile).forEach(p -> names.add(p.getFileName().toString()));
            } catch (IOException ignored) {
                // an unreadable directory counts as empty
            }
        }
        return names;
    }

    private static Path mavenWrapper(Path root) {
        boolean windows = System.getProperty("os.name", "").toLowerCase(Locale.ROOT).contains("win");
        return root.resolve(windows ? "mvnw.cmd" : "mvnw");
    }

    /** The source tree: --project-dir, else the tree the CLI jar was built in, else the working directory or a parent. */
    Path projectRoot() {
        List<Path> candidates = new ArrayList<>();
        if (projectDir != null) {
            candidates.add(projectDir.toAbsolutePath());
        } else {
            try {
                Path code = Path.of(FuzzCommand.class.getProtectionDomain().getCodeSource().getLocation().toURI());
                // conformance/target/handoff-kit.jar or conformance/target/classes
                for (Path p = code; p != null; p = p.getParent()) {
                    candidates.add(p);
                }
            } catch (URISyntaxException | RuntimeException ignored) {
                // no code source (unusual class loader): fall back to the working directory
            }
            for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
                candidates.add(p);
            }
        }
        for (Path c : candidates) {
            if (Files.isRegularFile(c.resolve("fuzz/pom.xml")) && Files.isRegularFile(mavenWrapper(c))) {
                return c;
            }
        }
        throw new IllegalStateException("cannot find the handoff-kit source tree (a directory with mvnw and fuzz/pom.xml)"
                + (projectDir != null ? " at " + projectDir : "") + "; run from inside it or give --project-dir");
    }

    private static int runProcess(List<String> command, Map<String, String> environment, Path directory, Consumer<String> lines)
            throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(command).directory(directory.toFile()).redirectErrorStream(true);
        pb.environment().putAll(environment);
        Process p = pb.start();
        p.getOutputStream().close();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = r.readLine()) != null; ) {
                lines.accept(line);
            }
        } catch (IOException e) {
            p.destroy();
            throw e;
        }
        return p.waitFor();
    }

    // ---- output ---------------------------------------------------------------------------------------------------

    static String table(List<Result> results) {
        StringBuilder b = new StringBuilder();
        String format = "%-26s %13s %9s %7s %9s %9s %9s  %s%n";
        b.append(String.format(format, "target", "executions", "exec/s", "seconds", "corpus", "coverage", "findings", "status"));
        for (Result r : results) {
            b.append(String.format(format, r.target.name(), grouped(r.executions), grouped(r.execPerSecond), r.seconds,
                    r.corpusSize < 0 ? "-" : grouped(r.corpusSize), r.coverage < 0 ? "-" : grouped(r.coverage),
                    r.findings.size(), r.status));
        }
        for (Result r : results) {
            r.findings.forEach(f -> b.append("finding in ").append(r.target.name()).append(": ").append(f).append('\n'));
        }
        if (results.stream().anyMatch(r -> !r.findings.isEmpty())) {
            b.append("triage: fuzz/README.md (minimise, keep as a regression input, propose a vector, fix)\n");
        }
        b.append("corpus = entries in fuzz/.cifuzz-corpus/<class>/<method>/; coverage = libFuzzer's covered edges (cov)\n");
        return b.toString();
    }

    static String toJson(List<Result> results, long seconds) {
        ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        ObjectNode root = mapper.createObjectNode();
        root.put("duration_s", seconds);
        ArrayNode targets = root.putArray("targets");
        for (Result r : results) {
            ObjectNode o = targets.addObject();
            o.put("name", r.target.name());
            o.put("test", r.target.testSelector());
            o.put("status", r.status);
            o.put("executions", r.executions);
            o.put("exec_per_s", r.execPerSecond);
            o.put("seconds", r.seconds);
            o.put("corpus_size", r.corpusSize);
            o.put("corpus_entries", r.corpusEntries);
            o.put("coverage", r.coverage);
            o.put("features", r.features);
            o.put("findings", r.findings.size());
            ArrayNode files = o.putArray("finding_files");
            r.findings.forEach(files::add);
        }
        try {
            return mapper.writeValueAsString(root);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    // ---- small formatters -------------------------------------------------------------------------------------

    static String clock(long seconds) {
        return seconds >= 3600
                ? String.format("%d:%02d:%02d", seconds / 3600, seconds / 60 % 60, seconds % 60)
                : String.format("%d:%02d", seconds / 60, seconds % 60);
    }

    static String grouped(long n) {
        return String.format(Locale.ROOT, "%,d", n);
    }
}
