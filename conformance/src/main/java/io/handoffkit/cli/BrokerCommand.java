package io.handoffkit.cli;

import io.handoffkit.transport.unix.ReferenceBrokerMain;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code handoff-kit broker}: the reference broker as a process (SPEC Appendix B), the same as
 * {@link ReferenceBrokerMain}, whose options it takes and documents.
 */
@Command(
        name = "broker",
        mixinStandardHelpOptions = true,
        description = {
            "Run the reference broker until terminated: listen for clients' Hellos on --socket, hand negotiated",
            "connections to the backend listening on --backend, print READY <socket> once listening.",
            "",
            ReferenceBrokerMain.USAGE
        })
final class BrokerCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @CommandLine.Unmatched
    List<String> arguments = new ArrayList<>();

    @Override
    public Integer call() throws InterruptedException {
        return ReferenceBrokerMain.run(arguments, spec.commandLine().getOut(), spec.commandLine().getErr());
    }
}
