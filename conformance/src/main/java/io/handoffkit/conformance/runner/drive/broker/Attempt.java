package io.handoffkit.conformance.runner.drive.broker;

import java.util.List;

/** One handoff the runner attempted: its plan, the backend's answer and the fate of every connection passed. */
public record Attempt(Plan plan, Answer answer, List<Fate> fates) {

    public Attempt {
        fates = List.copyOf(fates);
    }

    /** The fate of the (first) passed connection; a plan without descriptors has none. */
    public java.util.Optional<Fate> fate() {
        return fates.isEmpty() ? java.util.Optional.empty() : java.util.Optional.of(fates.get(0));
    }
}
