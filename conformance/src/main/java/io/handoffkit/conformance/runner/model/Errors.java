package io.handoffkit.conformance.runner.model;

/** How the runner words an exception in a case message, a transcript note or a setup error. */
public final class Errors {

    private Errors() {}

    /** The exception's message, or its class name when it has none. */
    public static String message(Throwable e) {
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }
}
