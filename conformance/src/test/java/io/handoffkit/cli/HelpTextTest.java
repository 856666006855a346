package io.handoffkit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/** Issue 14 item 8: help that reads well: whole summaries, paragraphs without hard breaks, one placeholder style, examples. */
class HelpTextTest {

    /** Every visible command below the top level. */
    private static List<CommandLine> subcommands(CommandLine c) {
        List<CommandLine> all = new ArrayList<>();
        for (CommandLine s : c.getSubcommands().values()) {
            if (!s.getCommandSpec().usageMessage().hidden() && !(s.getCommand() instanceof CommandLine.HelpCommand)) {
                all.add(s);
                all.addAll(subcommands(s));
            }
        }
        return all;
    }

    @Test
    @DisplayName("each command's summary in the command list is one whole sentence, not the first line of a paragraph")
    void summariesAreWholeSentences() {
        for (CommandLine c : subcommands(HandoffKit.commandLine())) {
            String[] header = c.getCommandSpec().usageMessage().header();
            assertEquals(1, header.length, c.getCommandName());
            assertTrue(header[0].endsWith("."), c.getCommandName() + ": " + header[0]);
        }
        String list = CliRun.of("--help").out();
        assertTrue(list.contains("Print the reference's verdict on the wire bytes of one frame, as a") && list.contains("role reads them."), list);
    }

    @Test
    @DisplayName("descriptions are paragraphs that picocli wraps, not lines broken by hand mid-sentence")
    void paragraphsWithoutHardBreaks() {
        for (CommandLine c : subcommands(HandoffKit.commandLine())) {
            for (String paragraph : c.getCommandSpec().usageMessage().description()) {
                String prose = paragraph.lines().findFirst().orElse("");
                assertTrue(prose.isEmpty() || prose.endsWith(".") || paragraph.contains("\n"), c.getCommandName() + ": " + paragraph);
            }
        }
    }

    @Test
    @DisplayName("placeholders are one style: upper-case words (DURATION, FILE, TOKEN, HEX), never <fieldName>")
    void onePlaceholderStyle() {
        for (CommandLine c : subcommands(HandoffKit.commandLine())) {
            for (OptionSpec o : c.getCommandSpec().options()) {
                if (o.arity().max() > 0) {
                    assertTrue(o.paramLabel().matches("[A-Z]+"), c.getCommandName() + " " + o.longestName() + ": " + o.paramLabel());
                }
            }
        }
        for (String command : new String[] {"run", "verdict", "fuzz", "vectors", "broker"}) {
            String help = CliRun.of(command, "--help").out();
            assertTrue(!help.contains("=<"), command + ":\n" + help);
        }
    }

    @Test
    @DisplayName("every command's help ends with two or three examples, each on one line")
    void examplesAtTheEnd() {
        for (CommandLine c : subcommands(HandoffKit.commandLine())) {
            CommandSpec spec = c.getCommandSpec();
            String[] footer = spec.usageMessage().footer();
            assertTrue(footer.length >= 2 && footer.length <= 3, spec.qualifiedName() + ": " + Arrays.toString(footer));
            String help = c.getUsageMessage(CommandLine.Help.Ansi.OFF);
            List<String> tail = help.lines().dropWhile(l -> !l.equals("Examples:")).toList();
            assertEquals(footer.length + 1, tail.size(), spec.qualifiedName() + ":\n" + help);
            tail.subList(1, tail.size()).forEach(l -> assertTrue(l.startsWith("  handoff-kit ") && l.length() <= 80, l));
        }
    }
}
