package io.handoffkit.cli;

import java.util.Locale;

/** {@code --color}: when the console report uses colour. */
enum ColorMode {
    AUTO,
    ALWAYS,
    NEVER;

    /** The word on the command line. */
    String word() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** auto: on a terminal, unless NO_COLOR is set or the terminal is dumb (the no-color.org convention). */
    boolean colour() {
        return switch (this) {
            case ALWAYS -> true;
            case NEVER -> false;
            case AUTO -> System.console() != null && System.getenv("NO_COLOR") == null && !"dumb".equals(System.getenv("TERM"));
        };
    }
}
