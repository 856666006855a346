package io.handoffkit.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.handoffkit.ack.AckRegistry;
import io.handoffkit.broker.FallbackPolicy;
import io.handoffkit.broker.HandoffOutcome;
import io.handoffkit.broker.HandoffRequest;
import io.handoffkit.broker.UnixHandoffOrchestrator;
import io.handoffkit.conformance.runner.targets.AttachTarget;
import io.handoffkit.conformance.runner.targets.ExecTarget;
import io.handoffkit.conformance.runner.targets.Target;
import io.handoffkit.conformance.runner.targets.TargetException;
import io.handoffkit.client.RelayCheck;
import io.handoffkit.proto.v1.HandoffAck;
import io.handoffkit.proto.v1.HandoffOffer;
import io.handoffkit.time.Clock;
import io.handoffkit.token.Token;
import io.handoffkit.token.TokenStore;
import io.handoffkit.transport.unix.AncillaryBuffer;
import io.handoffkit.transport.unix.BrokerResult;
import io.handoffkit.transport.unix.Descriptors;
import io.handoffkit.transport.unix.ScmRightsTransport;
import io.handoffkit.transport.unix.UnixBrokerHandoff;
import io.handoffkit.transport.unix.UnixHandoffBackend;
import io.handoffkit.wire.FrameTooLargeException;
import io.handoffkit.wire.FrameWriter;
import io.handoffkit.wire.HandoffFrames;
import io.handoffkit.wire.HeaderReadAhead;
import io.handoffkit.wire.Verdict;
import java.io.BufferedReader;
import java.io.Closeable;
import java.io.EOFException;
import java.io.FileDescriptor;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;
import org.newsclub.net.unix.AFSocket;
import org.newsclub.net.unix.AFUNIXServerSocket;
import org.newsclub.net.unix.AFUNIXSocket;
import org.newsclub.net.unix.AFUNIXSocketAddress;
import org.newsclub.net.unix.FileDescriptorCast;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code handoff-kit bench}: latency of a real handoff between two processes (issue §5).
 *
 * <p>{@code bench handoff} starts a backend JVM (this very jar/class path, hidden subcommand
 * {@code bench backend}) that runs the reference backend ({@link UnixHandoffBackend}: echo
 * service, default sideband token policy) and, next to it, a bare "floor" server. This process
 * plays broker and client. Each measured round runs, in rotating order, one handoff of each mode
 * and times it from the broker's first syscall to the client's receipt of its echoed byte:
 * <ul>
 *   <li>(a) full: dial a fresh handoff connection, SCM_RIGHTS with the 16 token bytes, offer, ACK
 *       (checked), registry acknowledgement, ready relay to the client and drop of the broker's
 *       descriptor ({@link UnixBrokerHandoff}), the client's relay check ({@link RelayCheck} through a
 *       {@link HeaderReadAhead}, as {@link io.handoffkit.client.RelayWait} reads), then
 *       one byte to the backend through the adopted connection and back;</li>
 *   <li>(b) the same over one handoff connection kept open for the whole run;</li>
 *   <li>(c) floor: the same processes, threads and messages with the same byte counts and the
 *       same descriptor traffic (sendmsg with SCM_RIGHTS, dup on adoption, close of the broker's
 *       copy), as a bare junixsocket ping-pong: one write per message, precomputed bytes, no
 *       protobuf, no checks, no read deadlines. Fresh connection per handoff, like (a); the
 *       reused-connection floor is printed too (text output only).</li>
 * </ul>
 * Each client connection is a fresh connection to a listening socket of this process, connected
 * and accepted before the timer starts and closed after it stops. Percentiles are nearest-rank over the measured rounds; warm-up rounds are discarded.
 */
@Command(
        name = "bench",
        mixinStandardHelpOptions = true,
        header = "Benchmark the reference over real sockets.",
        subcommands = {BenchCommand.Handoff.class, BenchCommand.Backend.class},
        footerHeading = "%nExamples:%n",
        footer = {
            "  handoff-kit bench handoff",
            "  handoff-kit bench handoff --iterations 5000 --warmup 500 --json"
        })
public final class BenchCommand {

    /** The measured modes, in JSON key order. */
    enum Mode {
        FULL("full", "(a) full, fresh handoff connection"),
        REUSED("reused", "(b) full, reused handoff connection"),
        FLOOR("floor", "(c) floor, fresh connection"),
        FLOOR_REUSED("floor_reused", "    floor, reused connection"),
        UPSTREAM_SEQUENCE("upstream_sequence", "(d) upstream's harness sequence");

        final String key;
        final String label;

        Mode(String key, String label) {
            this.key = key;
            this.label = label;
        }
    }

    /** P50/P90/P99 of one mode, in nanoseconds. */
    record Percentiles(long p50, long p90, long p99) {

        /** Nearest-rank percentiles: the smallest sample with at least p% of the samples at or below it. */
        static Percentiles of(long[] samples) {
            long[] sorted = samples.clone();
            Arrays.sort(sorted);
            return new Percentiles(rank(sorted, 50), rank(sorted, 90), rank(sorted, 99));
        }

        static long rank(long[] sorted, int p) {
            if (sorted.length == 0) {
                throw new IllegalArgumentException("no samples");
            }
            long rank = ((long) p * sorted.length + 99) / 100; // ceil(p/100 * N), 1-based
            return sorted[(int) Math.max(1, rank) - 1];
        }
    }

    @Command(
            name = "handoff",
            mixinStandardHelpOptions = true,
            header = "Measure the latency of a full handoff between two processes over real SCM_RIGHTS.",
            description = "The reference broker hands connections to a backend: the reference backend, or one under test "
                    + "(--cmd, --socket; SPEC Appendix A). Modes per round, in rotating order: (a) a fresh handoff connection with "
                    + "the ready relay to the client, (b) a reused handoff connection (reference backend only), (c) the bare-syscall "
                    + "floor (against the reference's floor server), (d) the sequence upstream's harness (oracle-broker) times: "
                    + "client connection, handoff, drop, echo, no relay. Prints P50/P90/P99 in microseconds (nearest rank, warm-up "
                    + "excluded), handoffs per second, and the ratios of (a) and (b) to the floor. With --role broker, a broker under "
                    + "test (--cmd; default the reference broker as a process of its own) between this process as its client and as "
                    + "the reference backend: each round one client connect (Hello, Negotiated, handoff, ready relay) and one echoed "
                    + "byte. Linux and macOS.",
            exitCodeListHeading = "%nExit codes:%n",
            exitCodeList = {"0:measured", "1:a handoff failed during the run", "2:usage or setup error"},
            footerHeading = "%nExamples:%n",
            footer = {
                "  handoff-kit bench handoff",
                "  handoff-kit bench handoff --iterations 5000 --warmup 500 --json",
                "  handoff-kit bench handoff --role broker --cmd './broker {socket} {backend}'"
            })
    static final class Handoff implements Callable<Integer> {

        @Spec
        CommandSpec spec;

        @Option(names = "--iterations", paramLabel = "N", defaultValue = "20000", description = "measured rounds (one handoff per mode each; default ${DEFAULT-VALUE})")
        int iterations;

        @Option(names = "--warmup", paramLabel = "N", defaultValue = "1000", description = "warm-up rounds, not measured (default ${DEFAULT-VALUE})")
        int warmup;

        @Option(names = "--until-jit-idle",
                description = "after the --warmup rounds, keep warming up until C2 could take the per-round methods (Tier4CompileThreshold rounds in all) "
                        + "and the JIT compiler has then done no work for "
                        + JitIdle.QUIET_ROUNDS + " rounds (at most " + JitIdle.MAX_EXTRA_ROUNDS + " more): the steady state, with no "
                        + "compilation competing with the measured rounds for the cores (bench/README.md, Tail analysis)")
        boolean untilJitIdle;

        @Option(names = "--only", paramLabel = "MODE", split = ",",
                description = "run and report only these modes: ${COMPLETION-CANDIDATES} (the side-by-side script runs UPSTREAM_SEQUENCE alone; "
                        + "also for diagnostics, such as counting syscalls per mode with strace)")
        List<Mode> only = new ArrayList<>();

        @Option(names = "--role", paramLabel = "ROLE", defaultValue = "backend",
                description = "the role under test: backend (the reference broker hands connections to it) or broker (this process is its "
                        + "client and backend; default ${DEFAULT-VALUE})")
        String role;

        @Option(names = "--cmd", paramLabel = "CMD",
                description = "the implementation under test as a command: a backend listening on {socket} (SPEC Appendix A), or with "
                        + "--role broker a broker listening on {socket} and dialling {backend} (Appendix B); default: the reference")
        String command;

        @Option(names = "--socket", paramLabel = "PATH", description = "the backend under test, already listening at PATH")
        Path socket;

        @Option(names = "--startup-timeout", paramLabel = "DURATION", converter = DurationConverter.class, defaultValue = "10s",
                description = "how long --cmd or --socket may take to accept connections (default ${DEFAULT-VALUE})")
        Duration startupTimeout;

        @Option(names = "--json", description = "print one JSON object: {\"full\":{\"p50_us\":..,\"p90_us\":..,\"p99_us\":..},\"reused\":{..},\"floor\":{..}}")
        boolean json;

        @Override
        public Integer call() {
            PrintWriter err = spec.commandLine().getErr();
            if (iterations < 1 || warmup < 0) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--iterations must be at least 1 and --warmup at least 0");
            }
            if (System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("windows") || !AFUNIXSocket.isSupported()) {
                err.println("bench handoff needs Unix domain sockets with SCM_RIGHTS (Linux, macOS)");
                return ExitCodes.USAGE;
            }
            if ("broker".equals(role)) {
                return benchBroker(err);
            }
            if (!"backend".equals(role)) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--role " + role + ": backend or broker");
            }
            if (command != null && socket != null) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--cmd and --socket exclude each other");
            }
            Map<Mode, long[]> samples;
            Run run;
            String backendDescription;
            Optional<Target> underTest;
            try {
                underTest = underTest();
            } catch (IllegalArgumentException e) {
                throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage()); // an empty --cmd, an unbalanced quote
            }
            try (BackendProcess process = BackendProcess.start();
                    BenchedBackend backend = underTest.isPresent() ? BenchedBackend.underTest(underTest.get()) : BenchedBackend.reference(process)) {
                backendDescription = backend.description();
                run = new Run(process, backend, iterations, warmup, only.isEmpty() ? modes(backend) : only,
                        untilJitIdle ? JitIdle.ofThisJvm(warmup) : Optional.empty());
                samples = run.measure();
            } catch (HandoffFailed e) {
                err.println("bench handoff: " + e.getMessage());
                return ExitCodes.FAILED;
            } catch (IOException | RuntimeException | TimeoutException | TargetException e) {
                err.println("bench handoff: setup failed: " + e);
                return ExitCodes.USAGE;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                err.println("bench handoff: interrupted");
                return ExitCodes.USAGE;
            }
            Map<Mode, Percentiles> results = new EnumMap<>(Mode.class);
            Map<Mode, Double> perSecond = new EnumMap<>(Mode.class);
            samples.forEach((mode, s) -> {
                results.put(mode, Percentiles.of(s));
                perSecond.put(mode, s.length / (Arrays.stream(s).sum() / 1e9)); // one handoff at a time
            });
            PrintWriter out = spec.commandLine().getOut();
            if (json) {
                out.println(json(results));
            } else {
                text(out, results, perSecond, backendDescription, run.extraWarmup());
            }
            out.flush();
            return ExitCodes.OK;
        }

        /** {@code --role broker}: one mode, the reference client's connect through the broker to an echoed byte. */
        private Integer benchBroker(PrintWriter err) {
            if (socket != null || !only.isEmpty() || untilJitIdle) {
                throw new CommandLine.ParameterException(spec.commandLine(),
                        "--role broker takes the broker as --cmd '... {socket} {backend}' (or none: the reference broker); --socket, --only "
                                + "and --until-jit-idle are for --role backend");
            }
            Target target;
            try {
                target = command != null ? new ExecTarget(command, startupTimeout) : BenchedBroker.reference(startupTimeout);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage()); // an empty --cmd, an unbalanced quote
            }
            long[] samples;
            String description;
            try (BenchedBroker broker = BenchedBroker.start(target, command != null ? target.describe() : "reference broker (handoff-kit broker)")) {
                description = broker.description();
                samples = broker.measure(iterations, warmup);
            } catch (HandoffFailed e) {
                err.println("bench handoff: " + e.getMessage());
                return ExitCodes.FAILED;
            } catch (IOException | RuntimeException | TargetException e) {
                err.println("bench handoff: setup failed: " + e);
                return ExitCodes.USAGE;
            }
            Percentiles p = Percentiles.of(samples);
            PrintWriter out = spec.commandLine().getOut();
            if (json) {
                ObjectNode root = new ObjectMapper().createObjectNode();
                putPercentiles(root.putObject("broker"), p);
                out.println(root);
            } else {
                out.printf(Locale.ROOT, "broker handoff latency: %d measured rounds after %d warm-up, client and backend pid %d, broker: %s%n",
                        iterations, warmup, ProcessHandle.current().pid(), description);
                out.printf(Locale.ROOT, "%-38s %9s %9s %9s %11s%n", "mode (microseconds, nearest rank)", "P50", "P90", "P99", "handoffs/s");
                out.printf(Locale.ROOT, "%-38s %9.1f %9.1f %9.1f %11.0f%n", "connect, Hello to echoed byte", micros(p.p50()), micros(p.p90()),
                        micros(p.p99()), samples.length / (Arrays.stream(samples).sum() / 1e9));
            }
            out.flush();
            return ExitCodes.OK;
        }

        /** The backend under test ({@code --cmd}, {@code --socket}); empty for the reference. */
        private Optional<Target> underTest() {
            if (command != null) {
                return Optional.of(new ExecTarget(command, startupTimeout));
            }
            return socket == null ? Optional.empty() : Optional.of(new AttachTarget(Map.of("socket", socket), startupTimeout));
        }

        /**
         * Every mode against the reference; a backend under test need not serve a second handoff on a
         * connection (Appendix A), so it gets no reused-connection modes.
         */
        private static List<Mode> modes(BenchedBackend backend) {
            return backend.reference() ? List.of(Mode.values()) : List.of(Mode.FULL, Mode.FLOOR, Mode.UPSTREAM_SEQUENCE);
        }

        private static String json(Map<Mode, Percentiles> results) {
            ObjectMapper mapper = new ObjectMapper();
            ObjectNode root = mapper.createObjectNode();
            for (Mode mode : List.of(Mode.FULL, Mode.REUSED, Mode.FLOOR, Mode.UPSTREAM_SEQUENCE)) {
                Percentiles p = results.get(mode);
                if (p == null) {
                    continue; // not measured against this backend
                }
                putPercentiles(root.putObject(mode.key), p);
            }
            return root.toString();
        }

        private void text(PrintWriter out, Map<Mode, Percentiles> results, Map<Mode, Double> perSecond, String backend, int extraWarmup) {
            out.printf(Locale.ROOT, "handoff latency: %d measured rounds after %d warm-up%s, broker pid %d, backend: %s%n",
                    iterations, warmup, untilJitIdle ? " + " + extraWarmup + " until the JIT was idle" : "",
                    ProcessHandle.current().pid(), backend);
            out.printf(Locale.ROOT, "%-38s %9s %9s %9s %11s%n", "mode (microseconds, nearest rank)", "P50", "P90", "P99", "handoffs/s");
            for (Mode mode : Mode.values()) {
                Percentiles p = results.get(mode);
                if (p != null) {
                    out.printf(Locale.ROOT, "%-38s %9.1f %9.1f %9.1f %11.0f%n", mode.label, micros(p.p50()), micros(p.p90()), micros(p.p99()),
                            perSecond.get(mode));
                }
            }
            out.printf(Locale.ROOT, "%-38s %9s %9s %9s%n", "ratio", "P50", "P90", "P99");
            ratio(out, "(a) / (c) floor", results.get(Mode.FULL), results.get(Mode.FLOOR));
            ratio(out, "(b) / (c) floor", results.get(Mode.REUSED), results.get(Mode.FLOOR));
            ratio(out, "(b) / reused-connection floor", results.get(Mode.REUSED), results.get(Mode.FLOOR_REUSED));
        }

        private static void ratio(PrintWriter out, String label, Percentiles a, Percentiles floor) {
            if (a == null || floor == null) {
                return; // a mode not measured against this backend
            }
            out.printf(Locale.ROOT, "%-38s %9.2f %9.2f %9.2f%n", label,
                    (double) a.p50() / floor.p50(), (double) a.p90() / floor.p90(), (double) a.p99() / floor.p99());
        }

        /** One row of the JSON output: {@code p50_us}, {@code p90_us}, {@code p99_us}. */
        private static void putPercentiles(ObjectNode node, Percentiles p) {
            node.put("p50_us", micros(p.p50()));
            node.put("p90_us", micros(p.p90()));
            node.put("p99_us", micros(p.p99()));
        }

        private static double micros(long nanos) {
            return Math.round(nanos / 100.0) / 10.0;
        }
    }

    /** A handoff of the reference did not complete: the figures would not measure a handoff. */
    static final class HandoffFailed extends Exception {
        HandoffFailed(String message) {
            super(message);
        }
    }

    /** The broker and client side of one benchmark run, all on the calling thread. */
    static final class Run {

        private static final String SERVICE = "echo";

        private final BenchedBackend backend;
        private final int iterations;
        private final int warmup;
        private final UnixBrokerHandoff broker = UnixBrokerHandoff.withDefaults();
        private final UnixHandoffOrchestrator orchestrator = orchestrator();
        private final AFUNIXSocketAddress floorAddress;
        private final AFUNIXServerSocket clients;
        private final AFUNIXSocketAddress clientAddress;
        private final FloorMessages messages = FloorMessages.create();
        private final byte[] tokenBytes = new byte[Token.LENGTH];
        private final byte[] header = new byte[5];
        private final byte[] body = new byte[256];
        private long correlationId;

        private final Mode[] modes;
        private final Optional<JitIdle> jitIdle;

        /**
         * @param process serves the floor and owns the directory of the client socket; {@code backend} is the one measured
         * @param jitIdle present: warm up past {@code warmup} rounds until it is reached
         */
        Run(BackendProcess process, BenchedBackend backend, int iterations, int warmup, List<Mode> modes, Optional<JitIdle> jitIdle)
                throws IOException {
            this.backend = backend;
            this.jitIdle = jitIdle;
            this.modes = modes.toArray(new Mode[0]);
            this.iterations = iterations;
            this.warmup = warmup;
            this.floorAddress = AFUNIXSocketAddress.of(process.floorSocket());
            this.clientAddress = AFUNIXSocketAddress.of(process.clientSocket());
            this.clients = AFUNIXServerSocket.newInstance();
            clients.setDeleteOnClose(true);
            clients.bind(clientAddress, 16);
            new SecureRandom().nextBytes(tokenBytes);
        }

        Map<Mode, long[]> measure() throws IOException, HandoffFailed {
            Map<Mode, long[]> samples = new EnumMap<>(Mode.class);
            for (Mode mode : modes) {
                samples.put(mode, new long[iterations]);
            }
            boolean reusing = Arrays.asList(modes).contains(Mode.REUSED);
            try (AFUNIXServerSocket listener = clients;
                    AFUNIXSocket reused = reusing ? AFUNIXSocket.connectTo(AFUNIXSocketAddress.of(backend.handoffSocket())) : null;
                    AFUNIXSocket floorReused = AFUNIXSocket.connectTo(floorAddress)) {
                // warm-up rounds record too (each slot is overwritten by a measured round): the compiled
                // code then has no path that only the measured rounds take, whose first use would deoptimize it
                int round = 0;
                for (; round < warmup; round++) {
                    round(round, reused, floorReused, samples, round % iterations);
                }
                if (jitIdle.isPresent()) {
                    do {
                        round(round, reused, floorReused, samples, round % iterations);
                        round++;
                    } while (!jitIdle.get().reached());
                }
                for (int i = 0; i < iterations; i++) {
                    round(round++, reused, floorReused, samples, i);
                }
            }
            return samples;
        }

        /** Warm-up rounds beyond {@code --warmup}, run until the JIT was idle. */
        int extraWarmup() {
            return jitIdle.map(JitIdle::extraRounds).orElse(0);
        }

        /** One handoff of each mode, each recorded at {@code index}. */
        private void round(int round, AFUNIXSocket reused, AFUNIXSocket floorReused, Map<Mode, long[]> samples, int index)
                throws HandoffFailed {
            for (int k = 0; k < modes.length; k++) {
                Mode mode = modes[(round + k) % modes.length]; // rotate, so no mode always follows another
                long nanos;
                try {
                    nanos = once(mode, reused, floorReused);
                } catch (IOException e) {
                    throw new HandoffFailed("round " + round + ", mode " + mode.key + ": " + e);
                }
                samples.get(mode)[index] = nanos;
            }
        }

        private long once(Mode mode, AFUNIXSocket reused, AFUNIXSocket floorReused) throws IOException, HandoffFailed {
            if (mode == Mode.UPSTREAM_SEQUENCE) {
                return upstreamSequence(); // its timer includes making the client connection
            }
            // a client connection as a broker has one: accepted on its listening socket (AFUNIXSocketPair
            // is not used: in junixsocket 2.10.1 each pair leaves two descriptors open after close)
            try (AFUNIXSocket clientEnd = AFUNIXSocket.connectTo(clientAddress);
                    AFUNIXSocket brokerEnd = clients.accept()) {
                return switch (mode) {
                    case FULL -> full(brokerEnd, clientEnd, null);
                    case REUSED -> full(brokerEnd, clientEnd, reused);
                    case FLOOR -> floor(brokerEnd, clientEnd, null);
                    case FLOOR_REUSED -> floor(brokerEnd, clientEnd, floorReused);
                    case UPSTREAM_SEQUENCE -> throw new IllegalArgumentException("makes its own client connection");
                };
            } // the client hangs up: the backend's service thread ends; the broker's copy was already dropped
        }

        /** (a) with {@code stream == null}, (b) over {@code stream}. */
        private long full(AFSocket<?> brokerEnd, AFSocket<?> clientEnd, AFUNIXSocket stream) throws IOException, HandoffFailed {
            HandoffRequest request = new HandoffRequest(SERVICE, backend.pid(), ++correlationId, true);
            Token[] negotiated = new Token[1];
            InputStream clientIn = clientEnd.getInputStream();
            OutputStream clientOut = clientEnd.getOutputStream();

            long start = System.nanoTime();
            BrokerResult result;
            if (stream == null) {
                result = broker.handOff(brokerEnd, backend.handoffSocket(), request, token -> negotiated[0] = token);
            } else {
                ScmRightsTransport transport = ScmRightsTransport.over(stream, brokerEnd.getFileDescriptor(), broker.clock(), broker.profile());
                result = broker.handOff(brokerEnd, transport, request, token -> negotiated[0] = token);
            }
            if (!(result instanceof BrokerResult.HandedOff)) {
                throw new HandoffFailed("a handoff did not complete: " + result);
            }
            // as RelayWait reads it, without its deadline: the header in one receive
            Verdict<HandoffAck> relay = RelayCheck.check(new HeaderReadAhead(clientIn), negotiated[0]);
            if (!relay.accepted()) {
                throw new HandoffFailed("the client rejected the ready relay: " + relay);
            }
            echo(clientIn, clientOut);
            return System.nanoTime() - start;
        }

        /**
         * (d) the sequence upstream's harness ({@code oracle-broker}) times, with the reference's classes:
         * a client connection from one socketpair(2) ({@link SocketPair}), then the orchestrated handoff
         * over a fresh handoff stream (dial, sendmsg with the token and the descriptor, offer, ACK
         * checked, registry acknowledgement), the drop of the broker's copy, and one byte through the
         * adopted connection and back. No Negotiated announcement, no ready relay.
         */
        private long upstreamSequence() throws IOException, HandoffFailed {
            HandoffRequest request = new HandoffRequest(SERVICE, backend.pid(), ++correlationId, true);
            long start = System.nanoTime();
            try (SocketPair client = SocketPair.open()) {
                FileDescriptor own = client.brokerEnd();
                HandoffOutcome outcome;
                try (ScmRightsTransport transport = ScmRightsTransport.dial(backend.handoffSocket(), own, broker.clock(), broker.profile())) {
                    outcome = orchestrator.handOff(request, transport);
                }
                if (!(outcome instanceof HandoffOutcome.Completed)) {
                    throw new HandoffFailed("a handoff did not complete: " + outcome);
                }
                Descriptors.dropWithoutShutdown(own);
                echo(client.clientIn(), client.clientOut());
                return System.nanoTime() - start;
            }
        }

        /** An orchestrator with the defaults {@link UnixBrokerHandoff#withDefaults()} uses, for the upstream sequence. */
        private static UnixHandoffOrchestrator orchestrator() {
            TokenStore tokens = new TokenStore();
            return new UnixHandoffOrchestrator(tokens, new AckRegistry(tokens), new FallbackPolicy(), Clock.system());
        }

        /** (c) with {@code stream == null}; the reused-connection floor over {@code stream}. */
        private long floor(AFSocket<?> brokerEnd, AFSocket<?> clientEnd, AFUNIXSocket stream) throws IOException {
            FileDescriptor own = brokerEnd.getFileDescriptor();
            InputStream clientIn = clientEnd.getInputStream();
            OutputStream clientOut = clientEnd.getOutputStream();
            OutputStream brokerOut = brokerEnd.getOutputStream();

            long start = System.nanoTime();
            AFUNIXSocket handoff = stream == null ? AFUNIXSocket.connectTo(floorAddress) : stream;
            try {
                OutputStream out = handoff.getOutputStream();
                handoff.setOutboundFileDescriptors(own);
                out.write(tokenBytes);
                out.write(messages.offer);
                readFrame(handoff.getInputStream()); // the ACK
            } finally {
                if (stream == null) {
                    handoff.close();
                }
            }
            brokerOut.write(messages.relay);
            Descriptors.dropWithoutShutdown(own);
            readFrame(clientIn); // the relay
            echo(clientIn, clientOut);
            return System.nanoTime() - start;
        }

        private void echo(InputStream clientIn, OutputStream clientOut) throws IOException {
            clientOut.write(0x5A);
            if (clientIn.read() != 0x5A) {
                throw new IOException("the adopted connection did not echo the byte");
            }
        }

        private void readFrame(InputStream in) throws IOException {
            readFully(in, header, 5);
            int length = (header[1] & 0xFF) | (header[2] & 0xFF) << 8 | (header[3] & 0xFF) << 16 | (header[4] & 0xFF) << 24;
            if (length < 0 || length > body.length) {
                throw new IOException("unexpected frame length " + length);
            }
            readFully(in, body, length);
        }
    }

    /** The floor's precomputed wire bytes: the sizes a real offer, ACK and relay of this run have. */
    record FloorMessages(byte[] offer, byte[] ack, byte[] relay) {

        static FloorMessages create() {
            Token token = Token.fromHex("00112233445566778899aabbccddeeff");
            long correlationId = 10_000; // a varint of the size the run's correlation ids mostly have
            HandoffOffer offer = HandoffOffer.newBuilder().setToken(token.toByteString())
                    .setServiceName("echo").setCorrelationId(correlationId).build();
            HandoffAck ack = HandoffAck.newBuilder().setToken(token.toByteString()).setAccepted(true)
                    .setCorrelationId(correlationId).build();
            try {
                return new FloorMessages(FrameWriter.encode(HandoffFrames.offer(offer)),
                        FrameWriter.encode(HandoffFrames.ack(ack)),
                        FrameWriter.encode(HandoffFrames.ready(ack)));
            } catch (FrameTooLargeException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    static void readFully(InputStream in, byte[] buffer, int length) throws IOException {
        int filled = 0;
        while (filled < length) {
            int n = in.read(buffer, filled, length - filled);
            if (n < 0) {
                throw new EOFException("stream ended after " + filled + " of " + length + " bytes");
            }
            filled += n;
        }
    }

    /** The backend JVM, started from this process's own class path. */
    static final class BackendProcess implements Closeable {

        private static final Duration STARTUP = Duration.ofSeconds(60);

        private final Process process;
        private final Path dir;

        private BackendProcess(Process process, Path dir) {
            this.process = process;
            this.dir = dir;
        }

        static BackendProcess start() throws IOException, InterruptedException, TimeoutException {
            Path dir = Files.createTempDirectory("hk-bench");
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            List<String> command = new ArrayList<>(List.of(java));
            if (Runtime.version().feature() >= 22) {
                command.add("--enable-native-access=ALL-UNNAMED"); // junixsocket loads its JNI library
            }
            command.addAll(List.of("-cp", System.getProperty("java.class.path"),
                    HandoffKit.class.getName(), "bench", "backend", "--dir", dir.toString()));
            ProcessBuilder builder = new ProcessBuilder(command);
            builder.redirectError(ProcessBuilder.Redirect.INHERIT);
            Process process = builder.start();
            BackendProcess backend = new BackendProcess(process, dir);
            try {
                BufferedReader lines = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
                String ready = CompletableFuture.supplyAsync(() -> {
                    try {
                        return lines.readLine();
                    } catch (IOException e) {
                        return null;
                    }
                }).get(STARTUP.toMillis(), TimeUnit.MILLISECONDS);
                if (!"READY".equals(ready)) {
                    throw new IOException("the backend process did not start (said " + ready + ")");
                }
                return backend;
            } catch (IOException | TimeoutException | InterruptedException | RuntimeException e) {
                backend.close();
                throw e;
            } catch (java.util.concurrent.ExecutionException e) {
                backend.close();
                throw new IOException(e.getCause());
            }
        }

        long pid() {
            return process.pid();
        }

        Path handoffSocket() {
            return dir.resolve("handoff.sock");
        }

        Path floorSocket() {
            return dir.resolve("floor.sock");
        }

        /** Where this (broker) process accepts the benchmark's client connections. */
        Path clientSocket() {
            return dir.resolve("client.sock");
        }

        /** End of stdin stops the backend; it is killed if it does not exit in time. */
        @Override
        public void close() {
            try {
                process.getOutputStream().close();
                if (!process.waitFor(10, TimeUnit.SECONDS)) {
                    process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                }
            } catch (IOException e) {
                process.destroyForcibly();
            } catch (InterruptedException e) {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
            }
            try (Stream<Path> left = Files.list(dir)) {
                for (Path p : left.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
                Files.deleteIfExists(dir);
            } catch (IOException e) {
                // a temp directory left behind is harmless
            }
        }
    }

    @Command(name = "backend", hidden = true,
            description = "The benchmark's backend process: the reference backend and the floor server; stops at end of stdin.")
    static final class Backend implements Callable<Integer> {

        @Spec
        CommandSpec spec;

        @Option(names = "--dir", required = true, description = "directory for handoff.sock and floor.sock")
        Path dir;

        @Override
        public Integer call() throws IOException {
            try (UnixHandoffBackend reference = UnixHandoffBackend.builder(dir.resolve("handoff.sock")).start();
                    FloorServer floor = FloorServer.start(dir.resolve("floor.sock"))) {
                PrintWriter out = spec.commandLine().getOut();
                out.println("READY");
                out.flush();
                byte[] sink = new byte[64];
                while (System.in.read(sink) >= 0) {
                    // run until the benchmark closes our stdin (or goes away)
                }
            }
            return ExitCodes.OK;
        }
    }

    /**
     * The floor's backend: accept on one thread, serve each handoff stream on a worker thread, each
     * adopted connection on its own thread (as the reference backend does), with raw bytes only.
     */
    static final class FloorServer implements Closeable {

        private final AFUNIXServerSocket server;
        private final ExecutorService streams = Executors.newCachedThreadPool(daemon("floor-stream"));
        private final ExecutorService sessions = Executors.newCachedThreadPool(daemon("floor-echo"));
        private final byte[] ack = FloorMessages.create().ack();
        private volatile boolean closed;

        private FloorServer(AFUNIXServerSocket server) {
            this.server = server;
        }

        static FloorServer start(Path path) throws IOException {
            AFUNIXServerSocket server = AFUNIXServerSocket.newInstance();
            server.setDeleteOnClose(true);
            server.bind(AFUNIXSocketAddress.of(path), 256);
            FloorServer floor = new FloorServer(server);
            Thread acceptor = new Thread(floor::acceptLoop, "floor-accept");
            acceptor.setDaemon(true);
            acceptor.start();
            return floor;
        }

        private void acceptLoop() {
            while (!closed) {
                try {
                    AFUNIXSocket stream = server.accept();
                    AncillaryBuffer.size(stream, AncillaryBuffer.NO_TRUNCATION_BYTES);
                    streams.execute(() -> serve(stream));
                } catch (IOException e) {
                    if (closed) {
                        return;
                    }
                }
            }
        }

        private void serve(AFUNIXSocket stream) {
            byte[] sideband = new byte[Token.LENGTH];
            byte[] header = new byte[5];
            byte[] body = new byte[256];
            List<FileDescriptor> received = new ArrayList<>();
            try (stream) {
                InputStream in = stream.getInputStream();
                OutputStream out = stream.getOutputStream();
                while (true) {
                    int filled = 0;
                    while (filled < sideband.length) {
                        int n = in.read(sideband, filled, sideband.length - filled);
                        received.addAll(Arrays.asList(stream.getReceivedFileDescriptors()));
                        if (n < 0) {
                            Descriptors.dropAllWithoutShutdown(received);
                            return; // the broker hung up between handoffs
                        }
                        filled += n;
                    }
                    readFully(in, header, 5);
                    int length = (header[1] & 0xFF) | (header[2] & 0xFF) << 8 | (header[3] & 0xFF) << 16 | (header[4] & 0xFF) << 24;
                    readFully(in, body, length);
                    out.write(ack);
                    FileDescriptor fd = received.remove(0);
                    Descriptors.dropAllWithoutShutdown(received);
                    received.clear();
                    AFUNIXSocket adopted;
                    FileDescriptor duplicate;
                    try {
                        FileDescriptorCast cast = FileDescriptorCast.duplicating(fd);
                        duplicate = cast.getFileDescriptor();
                        adopted = cast.as(AFUNIXSocket.class);
                    } finally {
                        Descriptors.dropWithoutShutdown(fd);
                    }
                    sessions.execute(() -> echo(adopted, duplicate));
                }
            } catch (IOException | RuntimeException e) {
                Descriptors.dropAllWithoutShutdown(received);
            }
        }

        /**
         * Echo until EOF. A socket cast from a descriptor shuts down on close but leaves the
         * descriptor open (junixsocket 2.10.1), so the duplicate is closed here too.
         */
        private static void echo(AFUNIXSocket connection, FileDescriptor duplicate) {
            try (connection) {
                InputStream in = connection.getInputStream();
                OutputStream out = connection.getOutputStream();
                byte[] buffer = new byte[8192];
                for (int n; (n = in.read(buffer)) >= 0; ) {
                    out.write(buffer, 0, n);
                }
            } catch (IOException e) {
                // the client went away
            } finally {
                Descriptors.dropWithoutShutdown(duplicate);
            }
        }

        @Override
        public void close() throws IOException {
            closed = true;
            server.close();
            streams.shutdownNow();
            sessions.shutdownNow();
        }

        private static java.util.concurrent.ThreadFactory daemon(String prefix) {
            java.util.concurrent.atomic.AtomicInteger n = new java.util.concurrent.atomic.AtomicInteger();
            return r -> {
                Thread t = new Thread(r, prefix + "-" + n.incrementAndGet());
                t.setDaemon(true);
                return t;
            };
        }
    }
}
