package io.handoffkit.cli;

import io.handoffkit.conformance.runner.suite.broker.BrokerSuite;
import io.handoffkit.conformance.runner.targets.ExecTarget;
import io.handoffkit.conformance.runner.targets.RunningTarget;
import io.handoffkit.conformance.runner.targets.Target;
import io.handoffkit.conformance.runner.targets.TargetException;
import io.handoffkit.transport.unix.ReferenceClient;
import io.handoffkit.transport.unix.UnixHandoffBackend;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The broker that {@code bench handoff --role broker} measures, with this process as its client and
 * its backend (SPEC Appendix B): the broker under test ({@code --cmd '... {socket} {backend}'},
 * {@code --socket}/{@code --backend} of one already running) or the reference broker as a process of
 * its own (the default). The reference backend (echo service) listens on {@code {backend}}; each
 * round is one reference client's connect (Hello, Negotiated, the broker's handoff, the ready relay,
 * the relay check) and one byte through the adopted connection and back, timed from the client's
 * connect to the echoed byte. A round the broker did not hand off (a fallback, an error) fails the
 * run: its time would not be a handoff's.
 */
final class BenchedBroker implements AutoCloseable {

    private final RunningTarget running;
    private final UnixHandoffBackend backend;
    private final ReferenceClient client;
    private final String description;

    private BenchedBroker(RunningTarget running, UnixHandoffBackend backend, String description) {
        this.running = running;
        this.backend = backend;
        this.client = new ReferenceClient(ReferenceClient.Settings.of(running.endpoints().path(BrokerSuite.SOCKET)));
        this.description = description;
    }

    /** The reference broker, started from this process's own class path as {@code handoff-kit broker}. */
    static Target reference(Duration startupTimeout) {
        List<String> words = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        if (Runtime.version().feature() >= 22) {
            words.add("--enable-native-access=ALL-UNNAMED"); // junixsocket loads its JNI library
        }
        words.addAll(List.of("-cp", System.getProperty("java.class.path"), HandoffKit.class.getName(), "broker",
                "--socket", "{socket}", "--backend", "{backend}"));
        // quoted for the exec target's word splitting: paths may hold spaces; the placeholders stay bare
        String command = words.stream().map(w -> w.startsWith("{") ? w : "'" + w.replace("'", "'\\''") + "'").collect(Collectors.joining(" "));
        return new ExecTarget(command, startupTimeout);
    }

    /**
     * Start {@code target} with the broker's endpoints, then put the reference backend on {@code {backend}}: the
     * runner holds that endpoint from before the broker starts (a broker may check it at startup), and hands it
     * to the backend once the broker listens, before any client has come. {@code label} names the broker in the report.
     */
    static BenchedBroker start(Target target, String label) throws TargetException, IOException {
        RunningTarget running = target.start(List.of(BrokerSuite.SOCKET, BrokerSuite.BACKEND));
        try {
            Optional<ServerSocket> held = running.endpoints().listening(BrokerSuite.BACKEND.name());
            if (held.isPresent()) {
                held.get().close();
            }
            UnixHandoffBackend backend = UnixHandoffBackend.builder(running.endpoints().path(BrokerSuite.BACKEND)).start();
            long pid = running.pid().orElse(0);
            return new BenchedBroker(running, backend, label + (pid == 0 ? "" : ", pid " + pid));
        } catch (IOException | RuntimeException e) {
            running.close();
            throw e;
        }
    }

    String description() {
        return description;
    }

    /** {@code warmup} unmeasured rounds, then {@code iterations} measured ones: nanoseconds per round. */
    long[] measure(int iterations, int warmup) throws BenchCommand.HandoffFailed, IOException {
        long[] samples = new long[iterations];
        for (int i = -warmup; i < iterations; i++) {
            // warm-up rounds record too, into slots the measured rounds overwrite: a branch only the measured
            // rounds took would deoptimize the compiled loop at the first of them (bench/README.md, Tail analysis)
            samples[Math.floorMod(i, iterations)] = round(i);
        }
        return samples;
    }

    private long round(int i) throws BenchCommand.HandoffFailed, IOException {
        long start = System.nanoTime();
        ReferenceClient.Result result = client.connect();
        if (!(result instanceof ReferenceClient.Result.Connected connected)) {
            throw new BenchCommand.HandoffFailed("round " + i + ": the client did not connect: " + result);
        }
        try (var socket = connected.socket()) {
            if (connected.route() != ReferenceClient.Route.HANDLE_PASSED) {
                throw new BenchCommand.HandoffFailed("round " + i + ": the broker did not hand the connection off (the client reached "
                        + connected.route() + ")");
            }
            OutputStream out = socket.getOutputStream();
            InputStream in = socket.getInputStream();
            out.write(42);
            int echoed = in.read();
            long took = System.nanoTime() - start;
            if (echoed != 42) {
                throw new BenchCommand.HandoffFailed("round " + i + ": the backend's echo was " + echoed + ", not 42");
            }
            return took;
        }
    }

    /** The backend first (it removes its socket), then the broker. */
    @Override
    public void close() {
        try {
            backend.close();
        } catch (IOException e) {
            // closing what is left; the run's result stands
        } finally {
            running.close();
        }
    }
}
