package io.handoffkit.conformance.runner.targets;


/** The implementation under test could not be started or reached: a setup error (exit code 2), not a verdict. */
public final class TargetException extends Exception {

    public TargetException(String message) {
        super(message);
    }

    public TargetException(String message, Throwable cause) {
        super(message, cause);
    }
}
