package io.handoffkit.conformance.runner;

import static io.handoffkit.conformance.runner.RunCommandTest.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.handoffkit.cli.ExitCodes;
import io.handoffkit.conformance.runner.RunCommandTest.Ran;
import io.handoffkit.conformance.runner.model.RunResult;
import io.handoffkit.conformance.runner.suite.broker.BrokerSuite;
import io.handoffkit.conformance.runner.targets.ExecTarget;
import io.handoffkit.transport.unix.ReferenceBrokerMain;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code run --role broker}: the reference broker as a process (exec), single cases with their bytes, expected-failure lists. */
@DisplayName("run --role broker: exec, --case, --expect-failures")
@Tag("process")
class BrokerRoleTest {

    @Test
    @DisplayName("the reference broker as a process (ReferenceBrokerMain through the exec target) passes every case;"
            + " {backend} is a listening socket before the command starts (BPROFILE-1)")
    void referenceBrokerAsAProcess() throws Exception {
        // the shell starts the broker only when {backend} is a socket already, as a broker that checks its endpoint at startup would
        ExecTarget target = new ExecTarget("sh -c 'test -S \"$0\" && exec \"$@\"' {backend} " + JavaCommand.of(ReferenceBrokerMain.class.getName(),
                "--socket {socket} --backend {backend} --ack-deadline 300ms --hello-deadline 500ms --failure-limit 0"), Duration.ofSeconds(20));
        RunResult r = new ConformanceRunner(BrokerSuite.SUITE, target, FaultyBrokersTest.OPTIONS).run();
        System.out.printf("exec ReferenceBrokerMain: %d cases in %.1f s%n", r.results().size(), r.duration().toMillis() / 1000.0);
        assertEquals(Set.of(), SelfValidation.failing(r), SelfValidation.explain(r) + "\n" + r.targetOutput());
        assertTrue(r.targetOutput().contains("READY"), r.targetOutput());
    }

    @Test
    @DisplayName("--case reruns one broker case: the bytes on the client end and the handoff connection, and a reproduce line")
    void singleCase() {
        Ran r = run("run", "--role", "broker", "--case", "broker/BROKER-2/1", "--color", "never");
        assertEquals(ExitCodes.OK, r.exit(), r.out());
        assertTrue(r.out().contains("requirement: BROKER-2 (MUST)"), r.out());
        assertTrue(r.out().contains("00000000  01 "), "hex dumps: " + r.out());
        assertTrue(r.out().contains("reproduce: ./handoff-kit run --role broker --case broker/BROKER-2/1"), r.out());
    }

    @Test
    @DisplayName("--expect-failures: an exact list passes a run with failures, an unknown case ID does not")
    void expectFailures(@TempDir Path dir) throws Exception {
        Path list = dir.resolve("expected.txt");
        Files.writeString(list, "# none of these fail against the reference\nbroker/NEG-3/1\n");
        Ran r = run("run", "--role", "broker", "--section", "negotiation", "--expect-failures", list.toString(), "--color", "never");
        assertEquals(ExitCodes.FAILED, r.exit(), r.out());
        assertTrue(r.out().contains("broker/NEG-3/1"), r.out());
        Files.writeString(list, "");
        Ran exact = run("run", "--role", "broker", "--section", "negotiation", "--expect-failures", list.toString(), "--color", "never");
        assertEquals(ExitCodes.OK, exact.exit(), exact.out());
    }
}
