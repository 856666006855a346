package io.handoffkit.cli;

/** Exit codes every subcommand uses, so CI can tell a failed check from a broken invocation. */
public final class ExitCodes {

    /** everything checked passed */
    public static final int OK = 0;
    /** something checked failed (a rejected frame, a failing vector) */
    public static final int FAILED = 1;
    /** usage or setup error: nothing was judged */
    public static final int USAGE = 2;

    private ExitCodes() {}
}
