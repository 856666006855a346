package io.handoffkit.conformance.runner.model;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** The parts of the suite, in the order they run. */
public enum Section {
    OFFERS("valid offers", "valid offers with varied fields are accepted and the connection is adopted"),
    REJECTIONS("rejection classes", "every rejection class applied to the offer: no ACK, descriptor released, backend survives"),
    TOKENS("token judgement", "mismatch, missing, wrong length, replay: a refusing ACK that echoes what was presented"),
    ROBUSTNESS("robustness", "partial, silent, trickling, oversized and cut-off handoffs; wrong descriptor counts"),
    PROPERTIES("property-driven", "generated defects per rejection class against the implementation, shrunk on failure");

    private final String title;
    private final String description;

    Section(String title, String description) {
        this.title = title;
        this.description = description;
    }

    public String title() {
        return title;
    }

    public String description() {
        return description;
    }

    /** The name on the command line ({@code --section robustness}). */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<Section> byId(String id) {
        return Arrays.stream(values()).filter(s -> s.id().equalsIgnoreCase(id) || s.title.equalsIgnoreCase(id)).findFirst();
    }
}
