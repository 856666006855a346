package io.handoffkit.cli;

import io.handoffkit.transport.unix.ReferenceBroker;
import io.handoffkit.transport.unix.ReferenceBrokerMain;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code handoff-kit broker}: the reference broker as a process (SPEC Appendix B), the same as
 * {@link ReferenceBrokerMain}, whose options it takes and documents.
 */
@Command(
        name = "broker",
        mixinStandardHelpOptions = true,
        header = "Run the reference broker until it is terminated.",
        customSynopsis = "handoff-kit broker --socket PATH --backend PATH [OPTIONS]",
        description = {
            "It listens for clients' Hellos on --socket, hands negotiated connections to the backend listening on --backend, "
                    + "and prints READY <socket> once it listens.",
            "",
            ReferenceBrokerMain.USAGE
        },
        footerHeading = "%nExamples:%n",
        footer = {
            "  handoff-kit broker --socket /tmp/b/broker.sock --backend /tmp/b/backend.sock",
            "  handoff-kit broker --socket b.sock --backend backend.sock --ack-deadline 2s",
            "  handoff-kit broker --socket b.sock --backend backend.sock --profile 4.5.5"
        })
final class BrokerCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @CommandLine.Unmatched
    List<String> arguments = new ArrayList<>();

    @Override
    public Integer call() throws InterruptedException {
        ReferenceBroker.Builder broker;
        try {
            broker = ReferenceBrokerMain.parse(arguments);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        return ReferenceBrokerMain.serve(broker, spec.commandLine().getOut(), spec.commandLine().getErr());
    }
}
