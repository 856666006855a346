package io.handoffkit.conformance.runner.model;

import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One named endpoint of an implementation under test: a Unix socket path that a target chooses
 * (exec, container, in process) or is given (attach), and that one side listens on. The name is
 * the placeholder of an exec or container command ({@code {socket}}), the attach option
 * ({@code --socket}) and the environment variable ({@code HANDOFF_KIT_SOCKET}). Each suite names
 * the endpoints of its role: the backend has {@code socket}; the broker will have {@code socket}
 * (client-facing, the broker listens) and {@code backend} (the handoff endpoint, the runner listens).
 *
 * @param name the placeholder's name: lower-case letters
 * @param fileName the socket's file name in the directory a target makes for it ({@code backend.sock})
 * @param listener who listens on it: a target waits for the implementation's endpoints to accept
 *     connections before a run; the runner's own it binds itself while it plays its part
 * @param description one line for help texts and reports
 */
public record Endpoint(String name, String fileName, Listener listener, String description) {

    /** Who listens on an endpoint. */
    public enum Listener { IMPLEMENTATION, RUNNER }

    private static final Pattern NAME = Pattern.compile("[a-z]+");

    public Endpoint {
        Objects.requireNonNull(listener, "listener");
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("an endpoint name is lower-case letters: " + name);
        }
        if (fileName.isBlank() || fileName.contains("/")) {
            throw new IllegalArgumentException("not a file name: " + fileName);
        }
    }

    /** In an exec or container command: {@code {socket}}. */
    public String placeholder() {
        return "{" + name + "}";
    }

    /** The environment variable an exec or container target sets to the path: {@code HANDOFF_KIT_SOCKET}. */
    public String environmentVariable() {
        return "HANDOFF_KIT_" + name.toUpperCase(Locale.ROOT);
    }

    /** The attach target's option: {@code --socket}. */
    public String option() {
        return "--" + name;
    }

    public boolean implementationListens() {
        return listener == Listener.IMPLEMENTATION;
    }
}
