package io.handoffkit.conformance.runner;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * An exact list of the case IDs allowed to fail ({@code --expect-failures FILE}, one ID per line,
 * {@code #} comments), as protobuf's conformance runner keeps its failure lists: a listed case
 * that fails does not fail the run, but a listed case that passes, or an ID that names no case,
 * does, and so does any failing MUST case not on the list. On any mismatch the runner prints the
 * corrected list.
 */
public final class ExpectedFailures {

    private final Set<String> ids;

    private ExpectedFailures(Collection<String> ids) {
        this.ids = new TreeSet<>(ids);
    }

    public static ExpectedFailures of(Collection<String> ids) {
        return new ExpectedFailures(ids);
    }

    public static ExpectedFailures none() {
        return new ExpectedFailures(List.of());
    }

    public static ExpectedFailures read(Path file) throws IOException {
        List<String> ids = Files.readAllLines(file, StandardCharsets.UTF_8).stream()
                .map(l -> l.replaceFirst("#.*", "").strip())
                .filter(l -> !l.isEmpty())
                .toList();
        return new ExpectedFailures(ids);
    }

    public Set<String> ids() {
        return Set.copyOf(ids);
    }

    public boolean lists(String id) {
        return ids.contains(id);
    }

    /**
     * How the list compares with a run.
     *
     * @param unknown listed IDs that name no case of the suite
     * @param passing listed cases that ran and did not fail
     * @param unlisted failing MUST cases the list does not name
     * @param corrected the list that would have matched: every failing case that ran, plus listed
     *     cases that did not run this time
     */
    public record Comparison(Set<String> unknown, Set<String> passing, Set<String> unlisted, List<String> corrected) {

        public boolean matches() {
            return unknown.isEmpty() && passing.isEmpty() && unlisted.isEmpty();
        }
    }

    public Comparison compare(List<CaseResult> results, Set<String> allCaseIds) {
        Set<String> ran = new TreeSet<>();
        Set<String> failed = new TreeSet<>();
        Set<String> unlisted = new TreeSet<>();
        for (CaseResult r : results) {
            ran.add(r.definition().id());
            if (r.failed()) {
                failed.add(r.definition().id());
                if (r.definition().must() && !ids.contains(r.definition().id())) {
                    unlisted.add(r.definition().id());
                }
            }
        }
        Set<String> unknown = new TreeSet<>();
        Set<String> passing = new TreeSet<>();
        Set<String> corrected = new TreeSet<>(failed);
        for (String id : ids) {
            if (!allCaseIds.contains(id)) {
                unknown.add(id);
            } else if (!ran.contains(id)) {
                corrected.add(id);
            } else if (!failed.contains(id)) {
                passing.add(id);
            }
        }
        return new Comparison(unknown, passing, unlisted, List.copyOf(corrected));
    }

    /** The file's text for {@code ids}. */
    public static String format(Collection<String> ids) {
        StringBuilder out = new StringBuilder("# handoff-kit run --expect-failures: case IDs allowed to fail (exact list)\n");
        ids.forEach(id -> out.append(id).append('\n'));
        return out.toString();
    }
}
