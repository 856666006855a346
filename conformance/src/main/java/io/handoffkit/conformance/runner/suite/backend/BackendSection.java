package io.handoffkit.conformance.runner.suite.backend;

import io.handoffkit.conformance.runner.model.Section;
import java.util.Locale;

/** The sections of the backend suite, in the order they run. */
public enum BackendSection implements Section {
    OFFERS("valid offers", "valid offers with varied fields are accepted and the connection is adopted"),
    REJECTIONS("rejection classes", "every rejection class applied to the offer: no ACK, descriptor released, backend survives"),
    TOKENS("token judgement", "mismatch, missing, wrong length, replay: a refusing ACK that echoes what was presented"),
    ROBUSTNESS("robustness", "partial, silent, trickling, oversized and cut-off handoffs; wrong descriptor counts"),
    PROPERTIES("property-driven", "generated defects per rejection class against the implementation, shrunk on failure");

    private final String title;
    private final String description;

    BackendSection(String title, String description) {
        this.title = title;
        this.description = description;
    }

    @Override
    public String title() {
        return title;
    }

    @Override
    public String description() {
        return description;
    }

    @Override
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    @Override
    public boolean propertyDriven() {
        return this == PROPERTIES;
    }
}
