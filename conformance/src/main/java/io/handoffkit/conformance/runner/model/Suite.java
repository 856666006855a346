package io.handoffkit.conformance.runner.model;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

/**
 * The suite of one role under test: its sections, its case catalogue (every scenario and the cases
 * judged on it, with IDs {@code <prefix>/<REQ>/<n>} fixed by hand), its pinned ID list, the
 * endpoints a target of its role has, and how the runner learns after each scenario that the
 * implementation still serves. The runner, the targets and the reports take any suite; the
 * backend suite ({@code suite.backend}) is the first.
 */
public interface Suite {

    /** The role the implementation under test plays. */
    ProtocolRole role();

    /** The first part of every case ID: {@code handoff} for the backend suite ({@code handoff/OFFER-2/1}). */
    String idPrefix();

    /** The endpoints of a target of this role, by name (each is a placeholder {@code {name}} of an exec command). */
    List<Endpoint> endpoints();

    /** The sections, in the order they run. */
    List<Section> sections();

    /** Every scenario, in running order, each with the cases judged on it. */
    List<Scenario<?>> scenarios();

    /**
     * The class-path resource that pins the catalogue: one line per case, {@code ID LEVEL SECTION}, in
     * running order. IDs are never renumbered or reused; new cases are appended.
     */
    String pinnedResource();

    /**
     * After a scenario: empty when the implementation at {@code at} still serves (a plain valid
     * exchange got an answer), else what went wrong. The suite's liveness cases judge it.
     */
    Optional<String> stillServes(Endpoints at, Timing timing);

    /** Every case, in running order. */
    default List<Case> cases() {
        return scenarios().stream().flatMap(s -> s.cases().stream().map(Scenario.Judged::definition)).toList();
    }

    /** A case's line in the pinned list. */
    static String pinnedLine(Case c) {
        return c.id() + " " + c.level() + " " + c.section().id();
    }

    /** The pinned list ({@link #pinnedResource()}), line by line. */
    default List<String> pinned() {
        try (InputStream in = getClass().getClassLoader().getResourceAsStream(pinnedResource())) {
            if (in == null) {
                throw new IllegalStateException(pinnedResource() + " is not on the class path");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().filter(l -> !l.isBlank()).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The section named {@code id} ({@code --section}), by its ID or its title. */
    default Optional<Section> section(String id) {
        return sections().stream().filter(s -> s.id().equalsIgnoreCase(id) || s.title().equalsIgnoreCase(id)).findFirst();
    }

    /** The endpoint named {@code name}. */
    default Optional<Endpoint> endpoint(String name) {
        return endpoints().stream().filter(e -> e.name().equals(name)).findFirst();
    }

    /**
     * The scenarios a run selects: its sections, or the one scenario holding {@code --case}, each
     * within the run's profile: a scenario resting on a requirement of the other profile does not run.
     */
    default List<Scenario<?>> selected(RunOptions options) {
        return requested(options).stream().filter(s -> s.appliesTo(options.profile())).toList();
    }

    /** The cases of the requested scenarios that the run's profile leaves out. */
    default List<Case> outsideProfile(RunOptions options) {
        return requested(options).stream().filter(s -> !s.appliesTo(options.profile()))
                .flatMap(s -> s.cases().stream().map(Scenario.Judged::definition)).toList();
    }

    private List<Scenario<?>> requested(RunOptions options) {
        if (options.onlyCase().isPresent()) {
            String id = options.onlyCase().get();
            return scenarios().stream().filter(s -> s.cases().stream().anyMatch(j -> j.definition().id().equals(id))).toList();
        }
        return scenarios().stream().filter(s -> options.selects(s.section())).toList();
    }
}
