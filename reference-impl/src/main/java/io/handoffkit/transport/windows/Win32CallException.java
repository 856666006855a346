package io.handoffkit.transport.windows;

/**
 * A Win32 call returned failure. Carries the function name and {@code GetLastError()}
 * so the transport can tell "access denied" (a PERMISSION_DENIED fallback) from anything else.
 */
public final class Win32CallException extends Exception {

    /** {@code ERROR_ACCESS_DENIED}. */
    public static final int ERROR_ACCESS_DENIED = 5;
    /** {@code ERROR_INVALID_HANDLE}. */
    public static final int ERROR_INVALID_HANDLE = 6;
    /** {@code ERROR_INVALID_PARAMETER}: for example OpenProcess on a pid that does not exist. */
    public static final int ERROR_INVALID_PARAMETER = 87;
    /** {@code ERROR_BROKEN_PIPE}: the other end of a pipe closed; a read treats it as end of stream. */
    public static final int ERROR_BROKEN_PIPE = 109;

    private final String function;
    private final int errorCode;

    public Win32CallException(String function, int errorCode) {
        super(function + " failed: Win32 error " + errorCode + describe(errorCode));
        this.function = function;
        this.errorCode = errorCode;
    }

    public String function() {
        return function;
    }

    public int errorCode() {
        return errorCode;
    }

    public boolean accessDenied() {
        return errorCode == ERROR_ACCESS_DENIED;
    }

    private static String describe(int code) {
        return switch (code) {
            case ERROR_ACCESS_DENIED -> " (access denied)";
            case ERROR_INVALID_HANDLE -> " (invalid handle)";
            case ERROR_INVALID_PARAMETER -> " (invalid parameter)";
            case ERROR_BROKEN_PIPE -> " (broken pipe)";
            default -> "";
        };
    }
}
