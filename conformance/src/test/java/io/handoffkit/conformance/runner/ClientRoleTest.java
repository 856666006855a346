package io.handoffkit.conformance.runner;

import static io.handoffkit.conformance.runner.RunCommandTest.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.handoffkit.cli.ExitCodes;
import io.handoffkit.conformance.runner.RunCommandTest.Ran;
import io.handoffkit.conformance.runner.model.RunResult;
import io.handoffkit.conformance.runner.suite.client.ClientSuite;
import io.handoffkit.conformance.runner.targets.ExecTarget;
import io.handoffkit.transport.unix.ClientSessions;
import io.handoffkit.transport.unix.ReferenceClient;
import io.handoffkit.transport.unix.ReferenceClientMain;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code run --role client}: the reference client as a process (exec) and attached, single cases with their bytes, expected-failure lists. */
@DisplayName("run --role client: exec, attach, --case, --expect-failures, reports")
@Tag("process")
class ClientRoleTest {

    @Test
    @DisplayName("the reference client as a process (ReferenceClientMain through the exec target) passes every case")
    void referenceClientAsAProcess() throws Exception {
        ExecTarget target = new ExecTarget(JavaCommand.of(ReferenceClientMain.class.getName(), "--socket {socket} --relay-wait 1s"),
                Duration.ofSeconds(20));
        RunResult r = new ConformanceRunner(ClientSuite.SUITE, target, FaultyClientsTest.OPTIONS).run();
        System.out.printf("exec ReferenceClientMain: %d cases in %.1f s%n", r.results().size(), r.duration().toMillis() / 1000.0);
        assertEquals(Set.of(), SelfValidation.failing(r), SelfValidation.explain(r) + "\n" + r.targetOutput());
        assertTrue(r.targetOutput().contains("READY"), r.targetOutput());
    }

    @Test
    @DisplayName("attach: a client already running, dialling --socket; the runner listens there and at --backend; JSON and JUnit reports")
    void attached(@TempDir Path dir) throws Exception {
        Path socket = dir.resolve("broker.sock");
        Path backend = dir.resolve("backend.sock");
        Path json = dir.resolve("report.json");
        Path junit = dir.resolve("junit.xml");
        try (ClientSessions client = ClientSessions.start(new ReferenceClient(ReferenceClient.Settings.of(socket).withRelayWait(Duration.ofSeconds(1))))) {
            Ran r = run("run", "--role", "client", "--socket", socket.toString(), "--backend", backend.toString(), "--section", "adoption,errors",
                    "--json", json.toString(), "--junit-xml", junit.toString(), "--color", "never");
            assertEquals(ExitCodes.OK, r.exit(), r.out());
            assertTrue(client.count("HANDLE_PASSED") > 0 && client.count("Refused") > 0, "adopted and refused sessions");
        }
        assertTrue(Files.readString(json).contains("client/CLIENT-6/1"));
        assertTrue(Files.readString(junit).contains("client/CLIENT-2/1"));
    }

    @Test
    @DisplayName("--case reruns one client case: the bytes of the Hello connection, the handoff and the backend's copy, and a reproduce line")
    void singleCase() {
        Ran r = run("run", "--role", "client", "--case", "client/CLIENT-5/1", "--color", "never");
        assertEquals(ExitCodes.OK, r.exit(), r.out());
        assertTrue(r.out().contains("requirement: CLIENT-5 (MUST)"), r.out());
        assertTrue(r.out().contains("00000000  01 "), "hex dumps: " + r.out());
        assertTrue(r.out().contains("reproduce: ./handoff-kit run --role client --case client/CLIENT-5/1"), r.out());
    }

    @Test
    @DisplayName("--expect-failures: an exact list passes a run with failures, a listed case that passes does not")
    void expectFailures(@TempDir Path dir) throws Exception {
        Path list = dir.resolve("expected.txt");
        Files.writeString(list, "# none of these fail against the reference\nclient/CLIENT-6/1\n");
        Ran r = run("run", "--role", "client", "--section", "adoption", "--expect-failures", list.toString(), "--color", "never");
        assertEquals(ExitCodes.FAILED, r.exit(), r.out());
        assertTrue(r.out().contains("client/CLIENT-6/1"), r.out());
        Files.writeString(list, "");
        Ran exact = run("run", "--role", "client", "--section", "adoption", "--expect-failures", list.toString(), "--color", "never");
        assertEquals(ExitCodes.OK, exact.exit(), exact.out());
    }
}
