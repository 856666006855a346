package io.handoffkit.cli;

import io.handoffkit.transport.unix.ReferenceClientMain;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code handoff-kit client}: the reference client as a process (SPEC Appendix C), the same as
 * {@link ReferenceClientMain}, whose options it takes and documents.
 */
@Command(
        name = "client",
        mixinStandardHelpOptions = true,
        description = {
            "Run the reference client until terminated: dial the broker at --socket session after session (Hello, the",
            "relay or a reconnect through backend_pipe), send the agreed probe and echo (SPEC Appendix C); print READY <socket>.",
            "",
            ReferenceClientMain.USAGE
        })
final class ClientCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @CommandLine.Unmatched
    List<String> arguments = new ArrayList<>();

    @Override
    public Integer call() throws InterruptedException {
        return ReferenceClientMain.run(arguments, spec.commandLine().getOut(), spec.commandLine().getErr());
    }
}
