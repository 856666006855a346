package io.handoffkit.conformance.runner.model;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * An exact list of the case IDs allowed to fail ({@code --expect-failures FILE}, one ID per line,
 * {@code #} comments), as protobuf's conformance runner keeps its failure lists: a listed case
 * that fails does not fail the run, but a listed case that passes, or an ID that names no case,
 * does, and so does any failing MUST case not on the list. On any mismatch the runner prints the
 * corrected list.
 *
 * <p>An ID's note says why it is on the list: the comment lines directly above it (no blank line
 * between) and the comment after it on its own line. A comment block that a blank line separates
 * from the next ID (a file header) belongs to no ID.
 */
public final class ExpectedFailures {

    private final Set<String> ids;
    private final Map<String, String> notes;

    private ExpectedFailures(Collection<String> ids, Map<String, String> notes) {
        this.ids = new TreeSet<>(ids);
        this.notes = new TreeMap<>(notes);
    }

    public static ExpectedFailures of(Collection<String> ids) {
        return new ExpectedFailures(ids, Map.of());
    }

    public static ExpectedFailures none() {
        return of(List.of());
    }

    public static ExpectedFailures read(Path file) throws IOException {
        return parse(Files.readString(file, StandardCharsets.UTF_8));
    }

    /** The list in a file's text (one ID per line, {@code #} comments, notes as the class says). */
    public static ExpectedFailures parse(String text) {
        List<String> ids = new ArrayList<>();
        Map<String, String> notes = new TreeMap<>();
        List<String> block = new ArrayList<>();
        for (String line : text.lines().toList()) {
            int hash = line.indexOf('#');
            String id = (hash < 0 ? line : line.substring(0, hash)).strip();
            String comment = hash < 0 ? "" : line.substring(hash + 1).strip();
            if (line.isBlank()) {
                block.clear();
                continue;
            }
            if (!comment.isEmpty()) {
                block.add(comment);
            }
            if (!id.isEmpty()) {
                ids.add(id);
                if (!block.isEmpty()) {
                    notes.put(id, String.join(" ", block));
                }
                block.clear();
            }
        }
        return new ExpectedFailures(ids, notes);
    }

    public Set<String> ids() {
        return Set.copyOf(ids);
    }

    public boolean lists(String id) {
        return ids.contains(id);
    }

    /** Why {@code id} is on the list, when the file says. */
    public Optional<String> note(String id) {
        return Optional.ofNullable(notes.get(id));
    }

    /**
     * How the list compares with a run.
     *
     * @param unknown listed IDs that name no case of the suite
     * @param passing listed cases that ran and did not fail
     * @param unlisted failing MUST cases the list does not name
     * @param corrected the list that would have matched: every failing case that ran, plus listed
     *     cases that did not run this time
     * @param notes why listed cases are on the list, where the file says ({@link ExpectedFailures#note})
     */
    public record Comparison(Set<String> unknown, Set<String> passing, Set<String> unlisted, List<String> corrected,
            Map<String, String> notes) {

        public Comparison {
            notes = Map.copyOf(notes);
        }

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
        return new Comparison(unknown, passing, unlisted, List.copyOf(corrected), notes);
    }

    /** The file's text for {@code ids}. */
    public static String format(Collection<String> ids) {
        StringBuilder out = new StringBuilder("# handoff-kit run --expect-failures: case IDs allowed to fail (exact list)\n");
        ids.forEach(id -> out.append(id).append('\n'));
        return out.toString();
    }
}
