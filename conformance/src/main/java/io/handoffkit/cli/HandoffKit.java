package io.handoffkit.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code handoff-kit} command line: one subcommand per job of the kit. */
@Command(
        name = "handoff-kit",
        mixinStandardHelpOptions = true,
        version = "handoff-kit 0.1.0 (v1 broker handoff protocol)",
        description = "Specification and conformance kit for the v1 broker handoff protocol.",
        subcommands = {RunCommand.class, VectorsCommand.class, VerdictCommand.class, FuzzCommand.class, BenchCommand.class, BrokerCommand.class, ClientCommand.class,
            CommandLine.HelpCommand.class})
public final class HandoffKit implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The configured command line, shared by {@link #main} and the CLI tests. */
    public static CommandLine commandLine() {
        // picocli already answers invalid input with 2; an exception while running is a setup error too
        return new CommandLine(new HandoffKit()).setExitCodeExceptionMapper(e -> ExitCodes.USAGE);
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
