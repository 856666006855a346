package io.handoffkit.cli;

import java.util.Locale;

/** {@code run --target}: how the runner reaches the implementation under test. */
enum TargetKind {
    /** the bundled reference of the role, in process (the default) */
    REFERENCE,
    /** a command the runner starts ({@code --cmd}) */
    EXEC,
    /** an implementation already running ({@code --socket}) */
    ATTACH,
    /** a local image the runner starts ({@code --image}) */
    CONTAINER;

    /** The word on the command line. */
    String word() {
        return name().toLowerCase(Locale.ROOT);
    }
}
