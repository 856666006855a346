package io.handoffkit.conformance.runner.report;

import io.handoffkit.conformance.KitVersion;
import io.handoffkit.conformance.runner.model.Case;
import io.handoffkit.conformance.runner.model.CaseResult;
import io.handoffkit.conformance.runner.model.CaseVerdict;
import io.handoffkit.conformance.runner.model.Durations;
import io.handoffkit.conformance.runner.model.ExpectedFailures;
import io.handoffkit.conformance.runner.model.RunListener;
import io.handoffkit.conformance.runner.model.RunOptions;
import io.handoffkit.conformance.runner.model.RunResult;
import io.handoffkit.conformance.runner.model.Scenario;
import io.handoffkit.conformance.runner.model.Section;
import io.handoffkit.conformance.runner.model.SectionSummary;
import java.io.PrintWriter;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Locale;
import java.util.function.Function;

/**
 * The console: progress while running (one line per scenario, the failing cases in full), then a
 * per-section summary with case counts and times, the verdict, and a reproduce command per
 * failing case. Colour only when asked to (on a terminal, unless {@code NO_COLOR}).
 */
public final class ConsoleReport implements RunListener {

    private final PrintWriter out;
    private final boolean colour;
    private final boolean verbose;
    private final Function<Case, String> reproduce;
    private Section section;
    /** explanation → the first case that gave it: a repeat is shown as a reference, not again in full */
    private final Map<String, String> explained = new HashMap<>();
    private int done;
    private int total;

    public ConsoleReport(PrintWriter out, boolean colour, boolean verbose, Function<Case, String> reproduce) {
        this.out = out;
        this.colour = colour;
        this.verbose = verbose;
        this.reproduce = reproduce;
    }

    @Override
    public void started(String target, RunOptions options, int cases) {
        total = cases;
        out.println(bold("handoff-kit run") + ": " + target);
        out.printf(Locale.ROOT, "  %s; profile %s (upstream %s)%n", KitVersion.current().line(), options.profile().id(), options.profile().releases());
        out.printf(Locale.ROOT, "  %d cases; property tries %d, seed %d; ack timeout %s, idle bound %s, close bound %s%n",
                cases, options.tries(), options.seed(), Durations.format(options.timing().ackTimeout()),
                Durations.format(options.timing().idleBound()), Durations.format(options.timing().closeBound()));
        out.flush();
    }

    @Override
    public void scenarioFinished(Scenario<?> scenario, List<CaseResult> results) {
        if (results.isEmpty()) {
            return;
        }
        if (scenario.section() != section) {
            section = scenario.section();
            out.println();
            out.println(bold(section.title()) + " — " + section.description());
        }
        done += results.size();
        long failed = results.stream().filter(CaseResult::failed).count();
        long skipped = results.stream().filter(r -> r.verdict() == CaseVerdict.SKIPPED).count();
        String time = Durations.format(results.get(0).duration());
        String progress = String.format(Locale.ROOT, "[%3d/%d]", done, total);
        if (failed == 0) {
            out.println("  " + progress + " " + green("ok  ") + " " + scenario.name() + " (" + results.size() + " case"
                    + (results.size() == 1 ? "" : "s") + (skipped > 0 ? ", " + skipped + " skipped" : "") + ", " + time + ")");
        } else {
            out.println("  " + progress + " " + red("FAIL") + " " + scenario.name() + " (" + failed + " of " + results.size() + " failed, " + time + ")");
        }
        for (CaseResult r : results) {
            if (r.failed() || (verbose && r.verdict() != CaseVerdict.PASSED)) {
                String tag = r.failed() ? (r.expectedFailure() ? yellow("expected failure") : r.definition().must() ? red("FAIL") : yellow("FAIL (SHOULD)"))
                        : yellow("skipped");
                out.println("         " + tag + " " + r.definition().id() + " (" + r.definition().level() + ") " + r.definition().title());
                String first = explained.putIfAbsent(r.message(), r.definition().id());
                out.println(first == null ? indent(r.message(), "           ") : "           the same observation as " + first);
            } else if (verbose) {
                out.println("         " + green("pass") + " " + r.definition().id() + " " + r.definition().title());
            }
        }
        out.flush();
    }

    @Override
    public void note(String message) {
        out.println("  " + yellow("note") + ": " + message);
        out.flush();
    }

    /** The summary table, the notes, the expected-failure comparison and the verdict. */
    public void finished(RunResult result) {
        out.println();
        out.println(bold("summary") + " (" + result.target() + ")");
        out.printf(Locale.ROOT, "  %-20s %6s %7s %9s %11s %8s %9s %10s%n", "section", "cases", "passed", "failed", "SHOULD-fail", "skipped", "expected", "time");
        int cases = 0;
        for (SectionSummary s : result.sections()) {
            out.printf(Locale.ROOT, "  %-20s %6d %7d %9s %11d %8d %9d %10s%n", s.section().title(), s.cases(), s.passed(),
                    s.failedMust() == 0 ? "0" : red(Integer.toString(s.failedMust())), s.failedShould(), s.skipped(), s.expected(),
                    Durations.format(s.time()));
            cases += s.cases();
        }
        out.printf(Locale.ROOT, "  %-20s %6d %7d %9d %11d %8d %9d %10s%n", "all", cases, result.count(CaseVerdict.PASSED),
                result.results().stream().filter(r -> r.failed() && r.definition().must() && !r.expectedFailure()).count(),
                result.results().stream().filter(r -> r.failed() && !r.definition().must() && !r.expectedFailure()).count(),
                result.count(CaseVerdict.SKIPPED), result.results().stream().filter(CaseResult::expectedFailure).count(),
                Durations.format(result.duration()));
        List<FailureGroup> groups = FailureGroup.of(result.results());
        if (!groups.isEmpty()) {
            out.println();
            out.println(bold("failures") + ", grouped by what was observed (" + groups.size() + " observation" + (groups.size() == 1 ? "" : "s")
                    + " in " + groups.stream().mapToInt(g -> g.cases().size()).sum() + " failing cases; each reproduce line reruns its first case"
                    + " with the wire bytes):");
            for (FailureGroup g : groups) {
                out.println("  " + red(g.cases().size() + "×") + " " + g.level() + " " + String.join(", ", g.requirements()) + ": " + g.headline());
                out.println(indent(wrap(String.join(" ", g.ids()), 100), "      "));
                out.println("      reproduce: " + reproduce.apply(g.first().definition()));
            }
        }
        result.expectations().ifPresent(c -> {
            if (!c.matches()) {
                out.println();
                out.println(red("the expected-failure list does not match this run:"));
                c.unknown().forEach(id -> out.println("  listed, but no such case: " + id));
                c.passing().forEach(id -> out.println("  listed, but it did not fail: " + id));
                c.unlisted().forEach(id -> out.println("  failed, but not listed: " + id));
                out.println("corrected list:");
                out.print(ExpectedFailures.format(c.corrected()));
            }
        });
        out.println();
        if (result.passed()) {
            out.println(green("PASS") + ": every MUST case passed (" + result.results().size() + " cases"
                    + (result.results().stream().anyMatch(r -> r.failed() && !r.definition().must()) ? "; some SHOULD cases failed" : "") + ")");
        } else if (result.results().isEmpty()) {
            out.println(red("FAIL") + ": no case ran");
        } else {
            out.println(red("FAIL") + ": " + result.blockingFailures() + " MUST case(s) failed"
                    + (result.expectations().map(c -> c.matches() ? "" : ", and the expected-failure list does not match").orElse("")));
        }
        out.flush();
    }

    /** For {@code --case}: everything about one case, with the exact bytes both ways. */
    public void detail(CaseResult r) {
        out.println();
        out.println(bold(r.definition().id()) + " (" + r.definition().level() + "): " + r.definition().title());
        out.println("  requirement: " + r.definition().quote());
        out.println("  scenario:    " + r.definition().scenario() + " (" + r.definition().section().title() + ")");
        out.println("  verdict:     " + (r.failed() ? red("FAILED") : r.verdict() == CaseVerdict.PASSED ? green("PASSED") : yellow("SKIPPED"))
                + " in " + Durations.format(r.duration()));
        out.println(indent(r.message(), "    "));
        out.println("  transcript (what the runner sent and received, exact bytes):");
        out.print(TranscriptText.render(r.transcript(), Integer.MAX_VALUE, "    "));
        out.println("  reproduce: " + reproduce.apply(r.definition()));
        out.flush();
    }

    /** {@code words} broken into lines of at most {@code width} characters (a word longer than that stands alone). */
    static String wrap(String words, int width) {
        StringBuilder b = new StringBuilder();
        int line = 0;
        for (String w : words.split(" ")) {
            if (line > 0 && line + 1 + w.length() > width) {
                b.append('\n');
                line = 0;
            } else if (line > 0) {
                b.append(' ');
                line++;
            }
            b.append(w);
            line += w.length();
        }
        return b.toString();
    }

    static String indent(String text, String prefix) {
        StringBuilder b = new StringBuilder();
        text.lines().forEach(l -> b.append(b.length() == 0 ? "" : "\n").append(prefix).append(l));
        return b.toString();
    }

    private String bold(String s) {
        return colour ? "\u001b[1m" + s + "\u001b[0m" : s;
    }

    private String green(String s) {
        return colour ? "\u001b[32m" + s + "\u001b[0m" : s;
    }

    private String red(String s) {
        return colour ? "\u001b[31m" + s + "\u001b[0m" : s;
    }

    private String yellow(String s) {
        return colour ? "\u001b[33m" + s + "\u001b[0m" : s;
    }
}
