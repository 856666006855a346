package io.handoffkit.cli;

import io.handoffkit.transport.unix.ReferenceClient;
import io.handoffkit.transport.unix.ReferenceClientMain;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code handoff-kit client}: the reference client as a process (SPEC Appendix C), the same as
 * {@link ReferenceClientMain}, whose options it takes and documents.
 */
@Command(
        name = "client",
        mixinStandardHelpOptions = true,
        header = "Run the reference client until it is terminated.",
        customSynopsis = "handoff-kit client --socket PATH [OPTIONS]",
        description = {
            "It dials the broker at --socket session after session (a Hello, then the relay or a reconnect through "
                    + "backend_pipe), sends the agreed probe on the connection it ends up with and echoes what comes back "
                    + "(SPEC.md Appendix C), and prints READY <socket> once it runs.",
            "",
            ReferenceClientMain.USAGE
        },
        footerHeading = "%nExamples:%n",
        footer = {
            "  handoff-kit client --socket /tmp/b/broker.sock",
            "  handoff-kit client --socket broker.sock --relay-wait 1s",
            "  handoff-kit client --socket broker.sock --no-adopt"
        })
final class ClientCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @CommandLine.Unmatched
    List<String> arguments = new ArrayList<>();

    @Override
    public Integer call() throws InterruptedException {
        ReferenceClient.Settings settings;
        try {
            settings = ReferenceClientMain.parse(arguments);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        return ReferenceClientMain.serve(settings, spec.commandLine().getOut());
    }
}
