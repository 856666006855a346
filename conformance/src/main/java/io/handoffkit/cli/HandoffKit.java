package io.handoffkit.cli;

import io.handoffkit.conformance.KitVersion;
import io.handoffkit.conformance.runner.model.ProtocolRole;
import io.handoffkit.conformance.verdict.Role;
import io.handoffkit.conformance.verdict.TokenState;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code handoff-kit} command line: one subcommand per job of the kit; without one, a usage error (as git does). */
@Command(
        name = "handoff-kit",
        mixinStandardHelpOptions = true,
        versionProvider = HandoffKit.Version.class,
        description = "Specification and conformance kit for the v1 broker handoff protocol.",
        subcommands = {RunCommand.class, VectorsCommand.class, VerdictCommand.class, FuzzCommand.class, BenchCommand.class, BrokerCommand.class, ClientCommand.class,
            CommandLine.HelpCommand.class},
        footerHeading = "%nExamples:%n",
        footer = {
            "  handoff-kit run",
            "  handoff-kit run --cmd 'path/to/backend --socket {socket}'",
            "  handoff-kit help verdict"
        })
public final class HandoffKit {

    /** {@code --version}: the kit's and the spec's versions, as the jar was built. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {KitVersion.current().line() + " (v1 broker handoff protocol)"};
        }
    }

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The configured command line, shared by {@link #main} and the CLI tests. */
    public static CommandLine commandLine() {
        return new CommandLine(new HandoffKit())
                // every enum option by its word on the command line
                .registerConverter(Role.class, new WordConverter<>(Role.class, Role::id))
                .registerConverter(TokenState.class, new WordConverter<>(TokenState.class, TokenState::id))
                .registerConverter(ProtocolRole.class, new WordConverter<>(ProtocolRole.class, ProtocolRole::id))
                .registerConverter(TargetKind.class, new WordConverter<>(TargetKind.class, TargetKind::word))
                .registerConverter(ColorMode.class, new WordConverter<>(ColorMode.class, ColorMode::word))
                .setParameterExceptionHandler(new UsageErrors())
                // an exception while running is a setup error: nothing was judged
                .setExitCodeExceptionMapper(e -> ExitCodes.USAGE);
    }
}
