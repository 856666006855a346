package io.handoffkit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

/** Issue 14 item 6: the options are typed as picocli intends (enums, an exclusive group, converters, one duration grammar). */
class OptionTypesTest {

    /** Every command of the CLI, subcommands of subcommands included. */
    private static List<CommandLine> commands(CommandLine c) {
        List<CommandLine> all = new ArrayList<>(List.of(c));
        c.getSubcommands().values().forEach(s -> all.addAll(commands(s)));
        return all;
    }

    @Test
    @DisplayName("--color, --role, --target and --section take only their words, and the error names the option and the words")
    void enumsTakeOnlyTheirWords() {
        String[][] cases = {
            {"--color", "purple", "'purple' is none of auto, always, never"},
            {"--role", "proxy", "'proxy' is none of backend, broker, client"},
            {"--target", "vm", "'vm' is none of reference, exec, attach, container"},
            {"--section", "nope", "'nope' is no section (--role backend: offers, rejections, tokens, robustness, properties;"}
        };
        for (String[] c : cases) {
            CliRun r = CliRun.of("run", c[0], c[1], "--list");
            assertEquals(ExitCodes.USAGE, r.exit(), c[0]);
            assertTrue(r.err().contains("Invalid value for option '" + c[0] + "'") && r.err().contains(c[2]), r.err());
        }
        assertEquals(ExitCodes.OK, CliRun.of("run", "--color", "never", "--role", "broker", "--section", "ack", "--list").exit());
    }

    @Test
    @DisplayName("--cmd, --socket and --image are one exclusive group: --socket excludes --cmd and --image; --image takes a --cmd")
    void implementationOptionsExcludeEachOther() {
        for (String[] args : new String[][] {{"--socket", "/tmp/x.sock", "--cmd", "x {socket}"}, {"--image", "x:1", "--socket", "/tmp/x.sock"}}) {
            List<String> argv = new ArrayList<>(List.of("run", "--list"));
            argv.addAll(List.of(args));
            CliRun r = CliRun.of(argv.toArray(String[]::new));
            assertEquals(ExitCodes.USAGE, r.exit());
            assertTrue(r.err().contains("are mutually exclusive"), r.err());
        }
        assertEquals(ExitCodes.OK, CliRun.of("run", "--list", "--image", "x:1", "--cmd", "serve {socket}").exit());
        CliRun backendAlone = CliRun.of("run", "--backend", "/tmp/b.sock");
        assertTrue(backendAlone.exit() == ExitCodes.USAGE && backendAlone.err().contains("--socket=PATH"), backendAlone.err());
    }

    @Test
    @DisplayName("every duration option of every command reads the kit's one grammar: 1m30s and 1.5s alike, and a bad one names its option")
    void oneDurationGrammar() {
        int durations = 0;
        for (CommandLine c : commands(HandoffKit.commandLine())) {
            for (OptionSpec o : c.getCommandSpec().options()) {
                if (o.type() == Duration.class) {
                    durations++;
                    assertEquals(1, o.converters().length, o.longestName());
                    assertSame(DurationConverter.class, o.converters()[0].getClass(), c.getCommandName() + " " + o.longestName());
                    assertEquals("DURATION", o.paramLabel(), o.longestName());
                }
            }
        }
        assertTrue(durations >= 5, "run's four and fuzz's --duration: " + durations);
        assertEquals(ExitCodes.OK, CliRun.of("run", "--startup-timeout", "1m30s", "--ack-timeout", "1.5s", "--idle-bound", "500ms", "--list").exit());
        CliRun bad = CliRun.of("run", "--close-bound", "soon", "--list");
        assertTrue(bad.exit() == ExitCodes.USAGE && bad.err().contains("Invalid value for option '--close-bound': not a duration: 'soon'"),
                bad.err());
        CliRun broker = CliRun.of("broker", "--socket", "/tmp/x.sock", "--backend", "/tmp/y.sock", "--hello-deadline", "1m30x");
        assertTrue(broker.exit() == ExitCodes.USAGE && broker.err().contains("--hello-deadline: not a duration: '1m30x'"), broker.err());
    }
}
