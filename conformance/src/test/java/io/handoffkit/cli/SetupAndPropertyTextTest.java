package io.handoffkit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.handoffkit.conformance.runner.JavaCommand;
import java.util.regex.Pattern;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;

/** What {@code run} prints when the implementation cannot start (issue 14 item 9) and when a property fails (item 10). */
@DisabledOnOs(OS.WINDOWS)
class SetupAndPropertyTextTest {

    @Test
    @DisplayName("item 9: an exec target that dies before it listens is a setup error that shows what it printed once")
    void setupErrorShowsTheOutputOnce() {
        CliRun r = CliRun.of("run", "--cmd", "sh -c 'echo started-then-died; echo dying >&2; exit 3'");
        assertEquals(ExitCodes.USAGE, r.exit(), r.err());
        assertTrue(r.err().contains("setup error: the implementation exited with code 3 before it listened"), r.err());
        // the command line itself names the words it echoes, so count the output's own markers
        for (String printed : new String[] {"[stdout]\nstarted-then-died\n", "[stderr]\ndying\n"}) {
            assertEquals(1, r.err().split(Pattern.quote(printed), -1).length - 1, printed + " once in:\n" + r.err());
        }
    }

    @Test
    @DisplayName("item 10: a failing property case says how to rerun it with the CLI's --seed and --tries, never a Maven flag or a class name")
    void propertyFailureInTheCliWords() {
        String cmd = JavaCommand.of("io.handoffkit.conformance.runner.faulty.MiniBackendMain", "--fault ACCEPTS_MISMATCHED_TOKEN --socket {socket}");
        CliRun r = CliRun.of("run", "--cmd", cmd, "--case", "handoff/TOKEN-4/p1", "--seed", "5", "--tries", "20", "--verbose");
        assertEquals(ExitCodes.FAILED, r.exit(), r.out() + r.err());
        assertTrue(r.out().contains("seed: 5   rerun with: --seed 5 --tries 20"), r.out());
        assertTrue(r.out().contains("failure: token mismatch: expected TOKEN_MISMATCH (TOKEN-4)"), r.out());
        assertTrue(r.out().contains("--case handoff/TOKEN-4/p1 --seed 5 --tries 20"), "the reproduce line: " + r.out());
        assertFalse(r.out().contains("-Dhandoff.seed"), r.out());
        assertFalse(r.out().contains("PropertyAssertionError") || r.out().contains("PropertyFailedError"), r.out());
    }
}
