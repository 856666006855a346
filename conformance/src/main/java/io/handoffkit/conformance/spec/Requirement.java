package io.handoffkit.conformance.spec;

import io.handoffkit.profile.Profile;
import java.util.Objects;
import java.util.Optional;

/** One numbered requirement of SPEC.md: its stable ID, level, the one profile it belongs to (if not all), and title. */
public record Requirement(String id, Level level, Optional<Profile> profile, String title) {

    public enum Level { MUST, SHOULD, MAY }

    public Requirement {
        Objects.requireNonNull(profile, "profile");
    }

    /** True when the requirement holds under {@code chosen} (every requirement without a profile holds under both). */
    public boolean appliesTo(Profile chosen) {
        return profile.map(p -> p == chosen).orElse(true);
    }

    /** The level as the spec's heading writes it: {@code MUST} or {@code MUST, profile 4.6.2}. */
    public String levelLabel() {
        return profile.map(p -> level + ", profile " + p.id()).orElse(level.name());
    }
}
