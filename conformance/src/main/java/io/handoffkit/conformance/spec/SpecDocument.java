package io.handoffkit.conformance.spec;

import io.handoffkit.profile.Profile;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The requirements of SPEC.md, read from its headings
 * ({@code ### ID (LEVEL) Title}, or {@code ### ID (LEVEL, profile 4.6.2) Title} for a requirement
 * of one profile only), in document order; and its version, from the header line
 * {@code **Spec version 1.0.0**}.
 */
public final class SpecDocument {

    private static final Pattern HEADING =
            Pattern.compile("^### ([A-Z]+-\\d+) \\((MUST|SHOULD|MAY)(?:, profile ([0-9.]+))?\\) (.+)$", Pattern.MULTILINE);

    private static final Pattern VERSION = Pattern.compile("^\\*\\*Spec version (\\d+\\.\\d+\\.\\d+)\\*\\*", Pattern.MULTILINE);

    private final String version;
    private final Map<String, Requirement> requirements;

    private SpecDocument(String version, Map<String, Requirement> requirements) {
        this.version = version;
        this.requirements = requirements;
    }

    public static SpecDocument parse(String markdown) {
        // reports name the spec version they judged against, so a spec without one is an error
        Matcher v = VERSION.matcher(markdown);
        if (!v.find()) {
            throw new IllegalArgumentException("SPEC.md has no version line (**Spec version MAJOR.MINOR.PATCH**)");
        }
        Map<String, Requirement> found = new LinkedHashMap<>();
        Matcher m = HEADING.matcher(markdown);
        while (m.find()) {
            String id = m.group(1);
            Optional<Profile> profile = Optional.ofNullable(m.group(3)).map(name -> Profile.of(name)
                    .orElseThrow(() -> new IllegalArgumentException("SPEC.md: " + id + " names an unknown profile " + name)));
            Requirement r = new Requirement(id, Requirement.Level.valueOf(m.group(2)), profile, m.group(4).strip());
            if (found.putIfAbsent(r.id(), r) != null) {
                throw new IllegalArgumentException("SPEC.md defines " + r.id() + " twice");
            }
        }
        return new SpecDocument(v.group(1), found);
    }

    /** The spec's {@code MAJOR.MINOR.PATCH} (SPEC.md, "Versions and IDs"). */
    public String version() {
        return version;
    }

    public List<Requirement> requirements() {
        return List.copyOf(requirements.values());
    }

    public Optional<Requirement> find(String id) {
        return Optional.ofNullable(requirements.get(id));
    }
}
