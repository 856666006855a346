package io.handoffkit.conformance.upstream;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.handoffkit.broker.HandoffRequest;
import io.handoffkit.client.RelayWait;
import io.handoffkit.conformance.runner.JavaCommand;
import io.handoffkit.conformance.runner.drive.ConnectionPairs;
import io.handoffkit.conformance.runner.model.Outcome;
import io.handoffkit.conformance.runner.suite.backend.BackendSuite;
import io.handoffkit.conformance.runner.targets.ExecTarget;
import io.handoffkit.conformance.runner.targets.RunningTarget;
import io.handoffkit.token.Token;
import io.handoffkit.transport.unix.BrokerResult;
import io.handoffkit.transport.unix.Descriptors;
import io.handoffkit.transport.unix.ReferenceBackendMain;
import io.handoffkit.transport.unix.UnixBrokerHandoff;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.newsclub.net.unix.AFUNIXSocket;

/**
 * The reference and upstream running-process 4.5.5 (the upstream peer's binaries) as separate
 * processes, each in the role the other does not play, over real sockets with real descriptors:
 * the reference broker hands connections to upstream's backend, and upstream's broker hands
 * connections to the reference backend. Each side counts the descriptors left behind.
 */
@DisplayName("Interoperability with upstream running-process 4.5.5, both directions, over real SCM_RIGHTS")
@Tag("process")
class UpstreamInteroperabilityTest {

    private static final int HANDOFFS = 1_000;
    /** Handoffs before the descriptor baselines are taken: whatever a process opens lazily is open by then. */
    private static final int WARM_UP = 20;
    /** oracle-backend and oracle-broker take a seed in every mode; only their counter mode uses it. */
    private static final String SEED = "000102030405060708090a0b0c0d0e0f";
    private static final Duration STARTUP = Duration.ofSeconds(20);
    private static final Duration SETTLE = Duration.ofSeconds(5);
    private static final SecureRandom RANDOM = new SecureRandom();

    private static UpstreamPeer peer;

    @BeforeAll
    static void peer() {
        peer = UpstreamPeerAssumption.peer();
    }

    @Test
    @Timeout(120)
    @DisplayName("ORCH-1, FRAMES-1, FRAMES-2, RELAY-1: the reference broker hands 1,000 client connections to upstream's backend"
            + " (oracle-backend, sideband tokens): every handoff completes, each adopted connection echoes and ends at end of stream,"
            + " no descriptor is left behind in either process, and the backend exits 0 on SIGTERM")
    void referenceBrokerHandsOffToUpstreamBackend() throws Exception {
        ExecTarget target = new ExecTarget(peer.backend() + " {socket} " + SEED + " --token-mode sideband", STARTUP);
        try (RunningTarget backend = target.start(BackendSuite.SUITE.endpoints())) {
            long pid = backend.pid().orElseThrow();
            UnixBrokerHandoff broker = UnixBrokerHandoff.withDefaults();
            for (int i = 0; i < WARM_UP; i++) {
                handOffAndEcho(broker, backend.endpoints().path(BackendSuite.SOCKET), pid, i);
            }
            IntSupplier peerCount = DescriptorCounts.of(pid);
            int peerBefore = DescriptorCounts.steady(peerCount, SETTLE);
            int ownBefore = DescriptorCounts.steady(DescriptorCounts.ownAfterGc(), SETTLE);

            long t0 = System.nanoTime();
            for (int i = WARM_UP; i < WARM_UP + HANDOFFS; i++) {
                handOffAndEcho(broker, backend.endpoints().path(BackendSuite.SOCKET), pid, i);
            }
            long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);

            int peerAfter = DescriptorCounts.settled(peerCount, peerBefore, SETTLE);
            int ownAfter = DescriptorCounts.settled(Descriptors::countOpen, ownBefore, SETTLE);
            System.out.printf("[upstream interop] reference broker -> oracle-backend: %d handoffs in %d ms; descriptors:"
                    + " oracle-backend %d -> %d, broker JVM %d -> %d%n", HANDOFFS, millis, peerBefore, peerAfter, ownBefore, ownAfter);
            assertAll(
                    () -> assertEquals(peerBefore, peerAfter, "descriptors left behind in oracle-backend (pid " + pid + ")"),
                    () -> assertEquals(ownBefore, ownAfter, "descriptors left behind in the broker's process (this JVM)"));
        }
        assertTrue(target.output().contains("stopped with SIGTERM (exit code 0)"), "oracle-backend on SIGTERM: " + target.output());
    }

    /**
     * One handoff as a broker does it, from a fresh client connection: the client must see the
     * ready relay, its bytes must come back from the backend, and after it stops sending the
     * connection must end (the backend closed it, and nobody else holds a copy).
     */
    private static void handOffAndEcho(UnixBrokerHandoff broker, Path backendSocket, long backendPid, int n) throws IOException {
        ConnectionPairs.Pair pair = ConnectionPairs.open();
        AFUNIXSocket client = pair.client();
        try {
            Token[] negotiated = new Token[1];
            BrokerResult result = broker.handOff(pair.passed(), backendSocket, new HandoffRequest("echo", backendPid, n + 1, true),
                    token -> negotiated[0] = token);
            assertInstanceOf(BrokerResult.HandedOff.class, result, "handoff " + n + ": " + result);
            RelayWait.Outcome relay = RelayWait.await(client, negotiated[0]);
            assertInstanceOf(RelayWait.Outcome.Adopted.class, relay, "handoff " + n + ": the client's relay check: " + relay);

            byte[] probe = new byte[64];
            RANDOM.nextBytes(probe);
            client.getOutputStream().write(probe);
            client.setSoTimeout((int) SETTLE.toMillis());
            InputStream in = client.getInputStream();
            assertArrayEquals(probe, in.readNBytes(probe.length), "handoff " + n + ": the adopted connection echoes");
            client.getChannel().shutdownOutput();
            assertEquals(-1, in.read(), "handoff " + n + ": after the client's end of stream the connection ends");
        } finally {
            client.close();
            pair.passed().close(); // after a completed handoff the broker already dropped this descriptor: harmless
        }
    }

    @Test
    @Timeout(120)
    @DisplayName("ORCH-1, PROFILE-3, PROFILE-4: upstream's broker (oracle-broker) hands 1,000 client connections to the reference"
            + " backend (ReferenceBackendMain, a separate JVM), whose sideband token policy expects the tokens upstream sends:"
            + " every handoff completes and echoes (exit 0, n=1000), and no descriptor is left behind in the backend")
    void upstreamBrokerHandsOffToReferenceBackend() throws Exception {
        ExecTarget target = new ExecTarget(JavaCommand.of(ReferenceBackendMain.class.getName(), "--socket {socket}"), STARTUP);
        try (RunningTarget backend = target.start(BackendSuite.SUITE.endpoints())) {
            IntSupplier backendCount = DescriptorCounts.of(backend.pid().orElseThrow());
            assertEquals(WARM_UP, oracleBroker(backend.endpoints().path(BackendSuite.SOCKET), WARM_UP), "warm-up handoffs");
            int before = DescriptorCounts.steady(backendCount, SETTLE);

            long t0 = System.nanoTime();
            int completed = oracleBroker(backend.endpoints().path(BackendSuite.SOCKET), HANDOFFS);
            long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);

            int after = DescriptorCounts.settled(backendCount, before, SETTLE);
            System.out.printf("[upstream interop] oracle-broker -> reference backend: %d handoffs in %d ms; descriptors:"
                    + " reference backend %d -> %d%n", completed, millis, before, after);
            assertEquals(HANDOFFS, completed, "handoffs oracle-broker completed");
            assertEquals(before, after, "descriptors left behind in the reference backend's process");
        }
        assertTrue(target.output().contains("stopped with SIGTERM"), target.output());
    }

    /**
     * Runs {@code oracle-broker SOCKET SEED N --warmup 0 --quiet}: N sequential handoffs, each
     * checked by upstream's broker code and probed with one echoed byte; exit 0 only when all
     * completed. Returns the {@code n=} it reports (the handoffs that completed).
     */
    private static int oracleBroker(Path socket, int handoffs) throws IOException, InterruptedException {
        List<String> command = List.of(peer.broker().toString(), socket.toString(), SEED, Integer.toString(handoffs), "--warmup", "0", "--quiet");
        Process broker = new ProcessBuilder(command).start();
        try {
            if (!broker.waitFor(90, TimeUnit.SECONDS)) {
                fail("oracle-broker did not finish " + handoffs + " handoffs within 90 s");
            }
            String out = new String(broker.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            String err = new String(broker.getErrorStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            assertEquals(0, broker.exitValue(), "oracle-broker exit code (1: a handoff failed); stdout: " + out + "; stderr: " + err);
            List<String> fields = new ArrayList<>(List.of(out.split(" ")));
            assertTrue(fields.get(0).startsWith("p50_us=") && fields.get(fields.size() - 1).startsWith("n="), "oracle-broker printed: " + out);
            System.out.println("[upstream interop] oracle-broker: " + out);
            return Integer.parseInt(fields.get(fields.size() - 1).substring(2));
        } finally {
            broker.destroyForcibly();
        }
    }
}
