package io.handoffkit.conformance.runner.targets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.handoffkit.conformance.runner.ConformanceRunner;
import io.handoffkit.conformance.runner.JavaCommand;
import io.handoffkit.conformance.runner.SelfValidation;
import io.handoffkit.conformance.runner.faulty.Fault;
import io.handoffkit.conformance.runner.faulty.MiniBackend;
import io.handoffkit.conformance.runner.faulty.MiniBackendMain;
import io.handoffkit.conformance.runner.model.Endpoint;
import io.handoffkit.conformance.runner.model.Endpoints;
import io.handoffkit.conformance.runner.model.RunOptions;
import io.handoffkit.conformance.runner.model.RunResult;
import io.handoffkit.conformance.runner.suite.backend.BackendSection;
import io.handoffkit.conformance.runner.suite.backend.BackendSuite;
import io.handoffkit.transport.unix.ReferenceBackendMain;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The exec and attach targets: backends as separate processes (real descriptors cross process boundaries). */
@DisplayName("Runner targets: exec (separate processes) and attach")
@Tag("process")
class ExecTargetTest {

    private static final Duration STARTUP = Duration.ofSeconds(20);

    @ParameterizedTest(name = "{0} as a separate process")
    @EnumSource(value = Fault.class, names = {"SHUTS_DOWN_AFTER_MALFORMED", "CRASHES_ON_TRUNCATED_FRAME"})
    @DisplayName("faulty backends run through the exec target fail exactly their cases")
    void faultyBackendAsAProcess(Fault fault) throws TargetException {
        ExecTarget target = new ExecTarget(SelfValidation.execFaulty(fault), STARTUP);
        RunResult r = new ConformanceRunner(BackendSuite.SUITE, target, SelfValidation.OPTIONS).run();
        Set<String> failing = SelfValidation.failing(r);
        System.out.printf("exec %-30s %5.1f s  fails %s%n", fault, r.duration().toMillis() / 1000.0, failing);
        assertTrue(failing.contains(fault.designated()), SelfValidation.explain(r));
        assertEquals(fault.failing(), failing, SelfValidation.explain(r));
        assertTrue(r.targetOutput().contains("READY"), "the backend's stdout is kept: " + r.targetOutput());
        if (fault == Fault.CRASHES_ON_TRUNCATED_FRAME) {
            assertTrue(r.targetOutput().contains("crashing on purpose"), "the backend's stderr is kept");
            assertTrue(r.targetOutput().contains("it had exited with code 3"), r.targetOutput());
            assertTrue(r.notes().stream().anyMatch(n -> n.contains("started it again")), "the runner restarted the crashed process: " + r.notes());
        } else {
            assertTrue(r.targetOutput().contains("stopped with SIGTERM"), "stopped with SIGTERM: " + r.targetOutput());
        }
    }

    @Test
    @DisplayName("the reference backend as a process (ReferenceBackendMain) passes every case")
    void referenceAsAProcess() throws TargetException {
        ExecTarget target = new ExecTarget(JavaCommand.of(ReferenceBackendMain.class.getName(),
                "--socket {socket} --offer-deadline-ms 300"), STARTUP);
        RunOptions options = SelfValidation.OPTIONS.withTiming(SelfValidation.TIMING.withIdleBound(Duration.ofSeconds(1)));
        RunResult r = new ConformanceRunner(BackendSuite.SUITE, target, options).run();
        assertEquals(Set.of(), SelfValidation.failing(r), SelfValidation.explain(r));
        assertTrue(r.targetOutput().contains("READY"), r.targetOutput());
    }

    @Test
    @DisplayName("a command that exits before listening is a setup error, with its output")
    void commandDyingAtStart() {
        ExecTarget target = new ExecTarget("sh -c 'echo no socket for you >&2; exit 7'", STARTUP);
        TargetException e = assertThrows(TargetException.class, () -> target.start(BackendSuite.SUITE.endpoints()));
        assertTrue(e.getMessage().contains("exited with code 7"), e.getMessage());
        assertTrue(e.getMessage().contains("no socket for you"), e.getMessage());
    }

    @Test
    @DisplayName("a command that never listens is a setup error after the bounded wait, and is stopped")
    void commandNeverListening() {
        ExecTarget target = new ExecTarget("sleep 30", Duration.ofMillis(300));
        long t0 = System.nanoTime();
        TargetException e = assertThrows(TargetException.class, () -> target.start(BackendSuite.SUITE.endpoints()));
        assertTrue(e.getMessage().contains("nothing accepted connections"), e.getMessage());
        assertTrue(target.output().contains("stopped with SIGTERM"), target.output());
        assertTrue(System.nanoTime() - t0 < Duration.ofSeconds(5).toNanos(), "bounded");
    }

    @Test
    @DisplayName("a backend that ignores SIGTERM is killed with SIGKILL after the grace period")
    void sigkillAfterSigterm() throws TargetException {
        ExecTarget target = new ExecTarget(JavaCommand.of(MiniBackendMain.class.getName(),
                "--socket {socket} --fault NONE --ignore-sigterm"), STARTUP);
        RunResult r = new ConformanceRunner(BackendSuite.SUITE, target, SelfValidation.OPTIONS.withSections(EnumSet.of(BackendSection.TOKENS))).run();
        assertEquals(Set.of(), SelfValidation.failing(r), SelfValidation.explain(r));
        assertTrue(r.targetOutput().contains("killed with SIGKILL"), r.targetOutput());
    }

    @Test
    @DisplayName("attach: a backend already running at a socket path; nothing there is a setup error")
    void attach() throws Exception {
        Path dir = Files.createTempDirectory(Path.of("/tmp"), "handoff-kit-attach-");
        Path socket = dir.resolve("b.sock");
        try (MiniBackend backend = MiniBackend.start(socket, Fault.NONE, SelfValidation.OFFER_DEADLINE)) {
            AttachTarget target = new AttachTarget(Map.of("socket", socket), Duration.ofSeconds(2));
            RunResult r = new ConformanceRunner(BackendSuite.SUITE, target, SelfValidation.OPTIONS.withSections(EnumSet.of(BackendSection.TOKENS, BackendSection.REJECTIONS))).run();
            assertEquals(Set.of(), SelfValidation.failing(r), SelfValidation.explain(r));
        } finally {
            SocketWait.deleteTree(dir);
        }
        TargetException e = assertThrows(TargetException.class, () -> new AttachTarget(Map.of("socket", socket), Duration.ofMillis(200)).start(BackendSuite.SUITE.endpoints()));
        assertTrue(e.getMessage().contains("nothing accepted connections"), e.getMessage());
    }

    private static final Endpoint CLIENT_FACING = new Endpoint("socket", "broker.sock", Endpoint.Listener.IMPLEMENTATION, "client-facing");
    private static final Endpoint HANDOFF = new Endpoint("backend", "backend.sock", Endpoint.Listener.RUNNER, "the handoff endpoint");

    @Test
    @DisplayName("--cmd placeholders are the role's endpoint names ({socket}, {backend}) and {dir}; each path is also in HANDOFF_KIT_<NAME>")
    void placeholdersAreTheEndpointNames() {
        Endpoints at = Endpoints.in(Path.of("/run/x"), List.of(CLIENT_FACING, HANDOFF));
        assertEquals(List.of("broker", "--listen", "/run/x/broker.sock", "--backend=/run/x/backend.sock", "--state", "/run/x/state", "{other}"),
                ExecTarget.placed(ExecTarget.split("broker --listen {socket} --backend={backend} --state {dir}/state {other}"), at, "/run/x"));
        assertEquals(Map.of("HANDOFF_KIT_SOCKET", "/run/x/broker.sock", "HANDOFF_KIT_BACKEND", "/run/x/backend.sock"), ExecTarget.environment(at));
        assertEquals(List.of("backend", "/run/x/backend.sock"),
                ExecTarget.placed(List.of("backend", "{socket}"), Endpoints.in(Path.of("/run/x"), BackendSuite.SUITE.endpoints()), "/run/x"));
    }

    @Test
    @DisplayName("attach takes one path per endpoint of the role, by name: a missing one and one the role does not have are setup errors")
    void attachNeedsEveryEndpoint() {
        Path p = Path.of("/tmp/handoff-kit-no-such-dir/b.sock");
        TargetException missing = assertThrows(TargetException.class,
                () -> new AttachTarget(Map.of("socket", p), Duration.ofMillis(100)).start(List.of(CLIENT_FACING, HANDOFF)));
        assertTrue(missing.getMessage().contains("attach needs --backend PATH"), missing.getMessage());
        TargetException extra = assertThrows(TargetException.class,
                () -> new AttachTarget(Map.of("socket", p, "backend", p), Duration.ofMillis(100)).start(BackendSuite.SUITE.endpoints()));
        assertTrue(extra.getMessage().contains("--backend names no endpoint of this role"), extra.getMessage());
    }

    @Test
    @DisplayName("--cmd words: quotes and escapes, no shell")
    void commandSplitting() {
        assertEquals(List.of("java", "-cp", "a b", "Main", "--socket", "{socket}", "it's"),
                ExecTarget.split("java -cp 'a b' Main --socket {socket} \"it's\""));
        assertThrows(IllegalArgumentException.class, () -> ExecTarget.split("sh -c 'unbalanced"));
    }
}
