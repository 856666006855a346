package io.handoffkit.conformance.runner.suite.broker;

import io.handoffkit.conformance.runner.model.Section;

/** The sections of the broker suite, in running order. */
public enum BrokerSection implements Section.Described {

    NEGOTIATION("negotiation", "negotiation", "Hellos with and without bit 0, and every kind of Hello a broker refuses (HELLO-n, NEG-n)"),
    OFFER("offer", "offer shape", "the sideband (token, one descriptor: the client's connection, blocking), the offer and the relay (BROKER-2..5)"),
    ACK("ack", "ACK outcomes", "the runner as backend answers with every defect class: a relay only after a valid ACK, the broker survives"),
    DEADLINES("deadlines", "deadlines", "a silent, trickling or late backend does not hold the broker or its other clients (BPROFILE-4, BROKER-7)"),
    HYGIENE("hygiene", "descriptor hygiene", "after a failed handoff the broker neither shuts the connection down nor keeps a copy (BROKER-6)"),
    PROPERTIES("properties", "property-driven", "generated ACK defects of every class, each against the broker under test", true);

    private final About about;

    BrokerSection(String id, String title, String description) {
        this(id, title, description, false);
    }

    BrokerSection(String id, String title, String description, boolean propertyDriven) {
        this.about = new About(id, title, description, propertyDriven);
    }

    @Override
    public About about() {
        return about;
    }
}
