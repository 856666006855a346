package io.handoffkit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** {@code handoff-kit broker}: the reference broker process's options through the CLI (serving is tested in reference-impl). */
class BrokerCommandTest {

    @Test
    @DisplayName("broker --help lists the reference broker's options")
    void help() {
        CliRun r = CliRun.of("broker", "--help");
        assertEquals(ExitCodes.OK, r.exit(), r.err());
        for (String option : new String[] {"--socket PATH", "--backend PATH", "--service NAME", "--backend-pipe", "--ack-deadline",
                "--hello-deadline", "--profile", "--max-clients", "--failure-limit"}) {
            assertTrue(r.out().contains(option), option + " missing from:\n" + r.out());
        }
    }

    @Test
    @DisplayName("broker without --backend, or with an unknown option or profile, is a usage error (2)")
    void usageErrors() {
        assertEquals(ExitCodes.USAGE, CliRun.of("broker", "--socket", "/tmp/x.sock").exit());
        assertEquals(ExitCodes.USAGE, CliRun.of("broker", "--socket", "/tmp/x.sock", "--backend", "/tmp/y.sock", "--bogus", "1").exit());
        CliRun r = CliRun.of("broker", "--socket", "/tmp/x.sock", "--backend", "/tmp/y.sock", "--profile", "9.9.9");
        assertEquals(ExitCodes.USAGE, r.exit());
        assertTrue(r.err().contains("unknown profile"), r.err());
    }

    @Test
    @DisplayName("broker with a socket path that cannot be bound exits 1")
    void cannotListen() {
        CliRun r = CliRun.of("broker", "--socket", "/nonexistent-dir/broker.sock", "--backend", "/tmp/backend.sock");
        assertEquals(1, r.exit(), r.err());
        assertTrue(r.err().contains("cannot listen"), r.err());
    }
}
