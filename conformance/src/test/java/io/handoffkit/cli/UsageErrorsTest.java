package io.handoffkit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Issue 14 item 7: a usage error is the error and one line pointing to --help, exit 2; a bare command group shows its usage. */
class UsageErrorsTest {

    @Test
    @DisplayName("every subcommand answers an unknown option with the error and one line pointing to its --help, not its whole usage")
    void errorThenPointerToHelp() {
        for (List<String> command : List.of(List.of("run"), List.of("vectors"), List.of("verdict"), List.of("fuzz"), List.of("broker"),
                List.of("bench", "handoff"))) {
            String name = "handoff-kit " + String.join(" ", command);
            String[] args = java.util.stream.Stream.concat(command.stream(), java.util.stream.Stream.of("--bogus")).toArray(String[]::new);
            CliRun r = CliRun.of(args);
            assertEquals(ExitCodes.USAGE, r.exit(), name);
            List<String> lines = r.err().lines().toList();
            assertTrue(lines.get(0).startsWith(name + ": "), r.err());
            assertEquals("Run '" + name + " --help' for its options and examples.", lines.get(lines.size() - 1), r.err());
            assertTrue(lines.size() <= 3, name + " printed " + lines.size() + " lines:\n" + r.err());
            assertFalse(r.err().contains("Usage:"), r.err());
        }
    }

    @Test
    @DisplayName("a usage error found while running (not while parsing) is answered the same way")
    void errorsWhileRunningToo() {
        CliRun r = CliRun.of("run", "--case", "handoff/NOPE-1/1");
        assertEquals(ExitCodes.USAGE, r.exit());
        assertEquals(List.of("handoff-kit run: no case handoff/NOPE-1/1 (handoff-kit run --list shows every case)",
                "Run 'handoff-kit run --help' for its options and examples."), r.err().lines().toList());
    }

    @Test
    @DisplayName("run --expect-failures with a missing file says it cannot read that file")
    void missingExpectedFailureFile() {
        CliRun r = CliRun.of("run", "--expect-failures", "missing.txt");
        assertEquals(ExitCodes.USAGE, r.exit());
        assertTrue(r.err().startsWith("handoff-kit run: --expect-failures: there is no file missing.txt"), r.err());
    }

    @Test
    @DisplayName("handoff-kit alone and bench alone exit 2 with their usage on stderr, as git does")
    void commandGroupsWithoutACommand() {
        for (List<String> group : List.of(List.<String>of(), List.of("bench"))) {
            CliRun r = CliRun.of(group.toArray(String[]::new));
            assertEquals(ExitCodes.USAGE, r.exit(), group.toString());
            assertEquals("", r.out());
            assertTrue(r.err().contains(": Missing required subcommand") && r.err().contains("Usage: handoff-kit") && r.err().contains("Commands:"),
                    r.err());
        }
        assertEquals(ExitCodes.OK, CliRun.of("--help").exit(), "asking for help is no error");
    }
}
