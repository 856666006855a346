package io.handoffkit.conformance.runner.model;

import io.handoffkit.conformance.spec.Requirement;
import io.handoffkit.conformance.spec.RequirementId;
import io.handoffkit.profile.Profile;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * One case of a suite: a stable ID built from the suite's prefix and the requirement it checks
 * ({@code handoff/OFFER-2/1}; property-driven cases {@code handoff/ENV-2/p1}), the requirement's
 * level (a case is MUST or SHOULD because its requirement is), what it checks, and the quoted
 * requirement. IDs are never renumbered or reused (PROFILE appendix, "Case IDs").
 */
public record Case(String id, Section section, RequirementId requirement, Requirement.Level level, Optional<Profile> profile, String title,
                   String quote, String scenario) {

    private static final Pattern ID = Pattern.compile("[a-z]+/[A-Z]+-\\d+/p?\\d+");

    public Case {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(requirement, "requirement");
        Objects.requireNonNull(profile, "profile");
        if (!ID.matcher(id).matches() || !id.substring(id.indexOf('/')).startsWith("/" + requirement.id() + "/")) {
            throw new IllegalArgumentException("not a case ID of " + requirement + ": " + id);
        }
    }

    public static String id(String prefix, RequirementId requirement, String number) {
        return prefix + "/" + requirement.id() + "/" + number;
    }

    /** The suite's part of the ID: {@code handoff} of {@code handoff/OFFER-2/1}. */
    public String idPrefix() {
        return id.substring(0, id.indexOf('/'));
    }

    public boolean must() {
        return level == Requirement.Level.MUST;
    }

    /** True when the case's requirement holds under {@code chosen} (SPEC "Profiles"). */
    public boolean appliesTo(Profile chosen) {
        return profile.map(p -> p == chosen).orElse(true);
    }
}
