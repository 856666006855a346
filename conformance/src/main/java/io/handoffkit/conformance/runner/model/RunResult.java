package io.handoffkit.conformance.runner.model;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * A finished run: every case result in running order, per-section counts and times, what the
 * runner noticed on the way, the implementation's output (exec, container: as text, and line by
 * line with the instant each appeared), and how the expected-failure list compared.
 */
public record RunResult(
        String target, RunOptions options, Instant started, Duration duration, List<CaseResult> results,
        List<SectionSummary> sections, List<String> notes, String targetOutput,
        Optional<ExpectedFailures.Comparison> expectations, List<PrintedLine> printed) {

    public RunResult {
        results = List.copyOf(results);
        sections = List.copyOf(sections);
        notes = List.copyOf(notes);
        printed = List.copyOf(printed);
    }

    public long count(CaseVerdict verdict) {
        return results.stream().filter(r -> r.verdict() == verdict).count();
    }

    public long blockingFailures() {
        return results.stream().filter(CaseResult::blocking).count();
    }

    /** 0 when every MUST case passed (or is an expected failure), at least one case ran and the list matched; else 1. */
    public int exitCode() {
        boolean listOk = expectations.map(ExpectedFailures.Comparison::matches).orElse(true);
        return !results.isEmpty() && blockingFailures() == 0 && listOk ? 0 : 1;
    }

    public boolean passed() {
        return exitCode() == 0;
    }
}
