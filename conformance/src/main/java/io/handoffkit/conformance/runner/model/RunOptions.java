package io.handoffkit.conformance.runner.model;

import io.handoffkit.profile.Profile;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * How a run goes: time bounds, property tries and seed, and which cases run.
 *
 * @param tries generated cases per property-driven case ({@code --tries})
 * @param seed the seed of every property-driven case ({@code --seed}; printed, so a run can be repeated)
 * @param onlyCase run just the scenario of this case and report just it ({@code --case})
 * @param sections the sections to run ({@code --section}); empty: every section of the suite (the default)
 * @param shrinkEvaluations, shrinkTime the budget for shrinking a failing property's counterexample
 *     (each evaluation is a few real handoffs)
 * @param profile the upstream releases judged against ({@code --profile}); scenarios that rest on a
 *     requirement of the other profile do not run
 */
public record RunOptions(
        Timing timing, int tries, long seed, Optional<String> onlyCase, Set<Section> sections,
        int shrinkEvaluations, Duration shrinkTime, Profile profile) {

    public static final int DEFAULT_TRIES = 50;

    public RunOptions {
        Objects.requireNonNull(timing, "timing");
        Objects.requireNonNull(onlyCase, "onlyCase");
        Objects.requireNonNull(profile, "profile");
        sections = Set.copyOf(sections);
        if (tries < 1) {
            throw new IllegalArgumentException("--tries must be at least 1");
        }
    }

    /** Defaults: {@link Timing#DEFAULTS}, {@value #DEFAULT_TRIES} tries, a random seed, every section, {@link Profile#DEFAULT}. */
    public static RunOptions defaults() {
        return new RunOptions(Timing.DEFAULTS, DEFAULT_TRIES, new SplittableRandom().nextLong() & Long.MAX_VALUE,
                Optional.empty(), Set.of(), 300, Duration.ofSeconds(5), Profile.DEFAULT);
    }

    public RunOptions withTiming(Timing t) {
        return new RunOptions(t, tries, seed, onlyCase, sections, shrinkEvaluations, shrinkTime, profile);
    }

    public RunOptions withTries(int n) {
        return new RunOptions(timing, n, seed, onlyCase, sections, shrinkEvaluations, shrinkTime, profile);
    }

    public RunOptions withSeed(long s) {
        return new RunOptions(timing, tries, s, onlyCase, sections, shrinkEvaluations, shrinkTime, profile);
    }

    public RunOptions withOnlyCase(String id) {
        return new RunOptions(timing, tries, seed, Optional.of(id), sections, shrinkEvaluations, shrinkTime, profile);
    }

    public RunOptions withSections(Set<? extends Section> s) {
        return new RunOptions(timing, tries, seed, onlyCase, Set.copyOf(s), shrinkEvaluations, shrinkTime, profile);
    }

    public RunOptions withShrinkBudget(int evaluations, Duration time) {
        return new RunOptions(timing, tries, seed, onlyCase, sections, evaluations, time, profile);
    }

    /** Whether the run selects {@code section} (no {@code --section}: every one). */
    public boolean selects(Section section) {
        return sections.isEmpty() || sections.contains(section);
    }

    public RunOptions withProfile(Profile p) {
        return new RunOptions(timing, tries, seed, onlyCase, sections, shrinkEvaluations, shrinkTime, p);
    }
}
