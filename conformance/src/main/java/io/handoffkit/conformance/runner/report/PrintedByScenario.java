package io.handoffkit.conformance.runner.report;

import io.handoffkit.conformance.runner.model.CaseResult;
import io.handoffkit.conformance.runner.model.PrintedLine;
import io.handoffkit.conformance.runner.model.RunResult;
import io.handoffkit.conformance.runner.model.Transcript;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The implementation's output placed by time: the lines that appeared while a scenario ran (from
 * its start until the next scenario starts) belong to it and are shown next to its cases; the
 * rest (start-up, shutdown, and lines without an instant) stay in one block of their own.
 * The cases of one scenario share its transcript, and so its lines.
 */
final class PrintedByScenario {

    /** How late a printed line may be read after its scenario ended and still be its. */
    static final Duration READ_DELAY = Duration.ofMillis(100);

    private final Map<Transcript, List<PrintedLine>> during = new IdentityHashMap<>();
    private final List<PrintedLine> outside = new ArrayList<>();

    PrintedByScenario(RunResult r) {
        Set<Transcript> scenarios = Collections.newSetFromMap(new IdentityHashMap<>());
        List<Transcript> ordered = new ArrayList<>();
        for (CaseResult c : r.results()) {
            if (scenarios.add(c.transcript()) && c.transcript().ended().isPresent()) {
                ordered.add(c.transcript());
            }
        }
        for (PrintedLine line : r.printed()) {
            Optional<Transcript> owner = line.at().flatMap(at -> owner(ordered, at));
            if (owner.isPresent()) {
                during.computeIfAbsent(owner.get(), t -> new ArrayList<>()).add(line);
            } else {
                outside.add(line);
            }
        }
    }

    /** What the implementation printed while the scenario of {@code transcript} ran. */
    List<PrintedLine> during(Transcript transcript) {
        return during.getOrDefault(transcript, List.of());
    }

    /** What it printed outside every scenario. */
    List<PrintedLine> outside() {
        return outside;
    }

    /**
     * The scenario that was running when the line was read: the last one started before it. A line
     * is read a little after it was printed, so a scenario's window runs to the next one's start;
     * the last one's to its end plus {@link #READ_DELAY}.
     */
    private static Optional<Transcript> owner(List<Transcript> ordered, Instant at) {
        for (int i = ordered.size() - 1; i >= 0; i--) {
            Transcript t = ordered.get(i);
            if (!at.isBefore(t.started())) {
                boolean last = i == ordered.size() - 1;
                return last && at.isAfter(t.ended().orElseThrow().plus(READ_DELAY)) ? Optional.empty() : Optional.of(t);
            }
        }
        return Optional.empty();
    }
}
