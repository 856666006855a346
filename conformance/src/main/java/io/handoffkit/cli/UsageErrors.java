package io.handoffkit.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * How every subcommand answers input it cannot use: the error, then one line pointing to {@code --help}
 * (the whole usage would push the error off the screen), exit code 2. A command that only groups
 * subcommands ({@code handoff-kit}, {@code bench}) prints its short usage instead, as git does.
 */
final class UsageErrors implements IParameterExceptionHandler {

    @Override
    public int handleParseException(ParameterException e, String[] args) {
        CommandLine command = e.getCommandLine();
        PrintWriter err = command.getErr();
        String name = command.getCommandSpec().qualifiedName();
        // some picocli messages start with "Error: "; the command name says that already
        err.println(name + ": " + e.getMessage().replaceFirst("^Error: ", ""));
        if (groupsSubcommands(command)) {
            command.usage(err);
        } else {
            UnmatchedArgumentException.printSuggestions(e, err);
            err.println("Run '" + name + " --help' for its options and examples.");
        }
        err.flush();
        return ExitCodes.USAGE;
    }

    /** A command that does nothing itself: its usage is short, the list of its subcommands. */
    private static boolean groupsSubcommands(CommandLine command) {
        return !(command.getCommand() instanceof Runnable) && !(command.getCommand() instanceof Callable<?>);
    }
}
