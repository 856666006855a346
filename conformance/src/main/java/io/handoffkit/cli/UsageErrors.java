package io.handoffkit.cli;

import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * How every subcommand answers input it cannot use: the error, then one line pointing to {@code --help}
 * (the whole usage would push the error off the screen), exit code 2. A command that only groups
 * subcommands ({@code handoff-kit}, {@code bench}) and got none prints its short usage, as git does.
 */
final class UsageErrors implements IParameterExceptionHandler {

    @Override
    public int handleParseException(ParameterException e, String[] args) {
        CommandLine command = e.getCommandLine();
        PrintWriter err = command.getErr();
        String name = command.getCommandSpec().qualifiedName();
        if (!command.getSubcommands().isEmpty() && !(command.getCommand() instanceof Runnable)
                && !(command.getCommand() instanceof java.util.concurrent.Callable<?>)) {
            err.println(name + ": a command is missing");
            command.usage(err);
        } else {
            // picocli words some of its messages as a whole screen: "Error: ..."
            err.println(name + ": " + e.getMessage().replaceFirst("^Error: ", ""));
            UnmatchedArgumentException.printSuggestions(e, err);
            err.println("Run '" + name + " --help' for its options and examples.");
        }
        err.flush();
        return ExitCodes.USAGE;
    }
}
