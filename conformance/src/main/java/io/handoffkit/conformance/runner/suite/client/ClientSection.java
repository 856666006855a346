package io.handoffkit.conformance.runner.suite.client;

import io.handoffkit.conformance.runner.model.Section;

/** The sections of the client suite, in running order. */
public enum ClientSection implements Section.Described {

    HELLO("hello", "Hello", "the client's Hello frame and fields (CLIENT-1, HELLO-3)"),
    ADOPTION("adoption", "adoption", "valid relays, early service bytes, any correlation id: the client keeps the handed-off connection (CLIENT-5, CLIENT-6)"),
    DEFECTS("defects", "relay defects", "a relay of every defect class: the client falls back through backend_pipe (RELAY-1..RELAY-5)"),
    WAIT("wait", "bounded wait", "no relay, end of stream, no handoff negotiated: when the client waits and how long (CLIENT-3, CLIENT-4)"),
    ERRORS("errors", "errors", "refusals, unreadable replies, an empty backend_pipe: errors that dial nothing (CLIENT-2, CLIENT-7)"),
    PROPERTIES("properties", "property-driven", "generated relay defects of every class, each against the client under test", true);

    private final About about;

    ClientSection(String id, String title, String description) {
        this(id, title, description, false);
    }

    ClientSection(String id, String title, String description, boolean propertyDriven) {
        this.about = new About(id, title, description, propertyDriven);
    }

    @Override
    public About about() {
        return about;
    }
}
