package io.handoffkit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** {@code handoff-kit client}: the reference client process's options through the CLI (its sessions are tested by the client suite). */
class ClientCommandTest {

    @Test
    @DisplayName("client --help lists the reference client's options")
    void help() {
        CliRun r = CliRun.of("client", "--help");
        assertEquals(ExitCodes.OK, r.exit(), r.err());
        for (String option : new String[] {"--socket PATH", "--service NAME", "--relay-wait", "--no-adopt"}) {
            assertTrue(r.out().contains(option), option + " missing from:\n" + r.out());
        }
    }

    @Test
    @DisplayName("client without --socket, with an unknown option or a bad duration, is a usage error (2)")
    void usageErrors() {
        assertEquals(ExitCodes.USAGE, CliRun.of("client").exit());
        assertEquals(ExitCodes.USAGE, CliRun.of("client", "--socket", "/tmp/x.sock", "--bogus", "1").exit());
        CliRun r = CliRun.of("client", "--socket", "/tmp/x.sock", "--relay-wait", "soon");
        assertEquals(ExitCodes.USAGE, r.exit());
        assertTrue(r.err().contains("not a duration"), r.err());
    }
}
