package io.handoffkit.conformance.runner.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.handoffkit.conformance.KitVersion;
import io.handoffkit.conformance.runner.model.Case;
import io.handoffkit.conformance.runner.model.CaseResult;
import io.handoffkit.conformance.runner.model.CaseVerdict;
import io.handoffkit.conformance.runner.model.Durations;
import io.handoffkit.conformance.runner.model.ExpectedFailures;
import io.handoffkit.conformance.runner.model.PrintedLine;
import io.handoffkit.conformance.runner.model.RunResult;
import io.handoffkit.conformance.runner.model.SectionSummary;
import io.handoffkit.conformance.runner.model.Transcript;
import io.handoffkit.conformance.spec.SpecQuotes;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * The machine- and human-readable reports of a run: JSON ({@code --json}), JUnit XML
 * ({@code --junit-xml}) and a self-contained HTML page ({@code --html}). Each carries, per case,
 * the requirement text, the verdict and its explanation, the timing, and the transcript (bytes
 * sent and received as hex, clipped for very long exchanges; {@code --case} prints them whole).
 * The Markdown page ({@code --markdown}) is the short form, to commit next to an implementation:
 * totals per section and every case that did not pass, without timings or bytes, so that two runs
 * with the same outcome give the same page but for its date line.
 */
public final class Reports {

    /** Bytes of one transcript step kept in JSON (hex) and shown in HTML / XML dumps. */
    static final int JSON_BYTES = 4096;
    public static final int DUMP_BYTES = 512;

    private Reports() {}

    // ------------------------------------------------------------------ JSON

    public static void writeJson(RunResult r, Function<Case, String> reproduce, Path file) throws IOException {
        ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        Files.createDirectories(file.toAbsolutePath().getParent());
        json.writeValue(file.toFile(), jsonModel(r, reproduce));
    }

    static Map<String, Object> jsonModel(RunResult r, Function<Case, String> reproduce) {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("tool", "handoff-kit run");
        root.put("kit_version", KitVersion.current().kit());
        root.put("spec_version", KitVersion.current().spec());
        root.put("target", r.target());
        root.put("started", r.started().toString());
        root.put("duration_ms", millis(r.duration()));
        root.put("exit_code", r.exitCode());
        root.put("verdict", r.passed() ? "PASS" : "FAIL");
        Map<String, Object> options = new LinkedHashMap<>();
        options.put("profile", r.options().profile().id());
        options.put("tries", r.options().tries());
        options.put("seed", r.options().seed());
        options.put("ack_timeout_ms", millis(r.options().timing().ackTimeout()));
        options.put("idle_bound_ms", millis(r.options().timing().idleBound()));
        options.put("close_bound_ms", millis(r.options().timing().closeBound()));
        root.put("options", options);
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("cases", r.results().size());
        summary.put("passed", r.count(CaseVerdict.PASSED));
        summary.put("failed", r.count(CaseVerdict.FAILED));
        summary.put("failed_must", r.blockingFailures());
        summary.put("skipped", r.count(CaseVerdict.SKIPPED));
        summary.put("expected_failures", r.results().stream().filter(CaseResult::expectedFailure).count());
        root.put("summary", summary);
        List<Map<String, Object>> sections = new ArrayList<>();
        for (SectionSummary s : r.sections()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("section", s.section().id());
            m.put("title", s.section().title());
            m.put("cases", s.cases());
            m.put("passed", s.passed());
            m.put("failed_must", s.failedMust());
            m.put("failed_should", s.failedShould());
            m.put("skipped", s.skipped());
            m.put("expected_failures", s.expected());
            m.put("time_ms", millis(s.time()));
            sections.add(m);
        }
        root.put("sections", sections);
        r.expectations().ifPresent(c -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("matches", c.matches());
            m.put("unknown", c.unknown());
            m.put("listed_but_not_failing", c.passing());
            m.put("failing_but_not_listed", c.unlisted());
            m.put("corrected", c.corrected());
            root.put("expected_failures", m);
        });
        root.put("notes", r.notes());
        List<Map<String, Object>> cases = new ArrayList<>();
        for (CaseResult c : r.results()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", c.definition().id());
            m.put("section", c.definition().section().id());
            m.put("requirement", c.definition().requirement().id());
            m.put("level", c.definition().level().name());
            m.put("title", c.definition().title());
            m.put("requirement_text", c.definition().quote());
            m.put("scenario", c.definition().scenario());
            m.put("verdict", c.verdict().name());
            m.put("expected_failure", c.expectedFailure());
            m.put("message", c.message());
            m.put("duration_ms", millis(c.duration()));
            m.put("reproduce", reproduce.apply(c.definition()));
            m.put("transcript", transcript(c.transcript()));
            cases.add(m);
        }
        root.put("cases", cases);
        List<Map<String, Object>> groups = new ArrayList<>();
        for (FailureGroup g : FailureGroup.of(r.results())) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("count", g.cases().size());
            m.put("explanation", g.explanation());
            m.put("requirements", g.requirements());
            m.put("cases", g.ids());
            m.put("reproduce", reproduce.apply(g.first().definition()));
            groups.add(m);
        }
        root.put("failure_groups", groups);
        if (!r.targetOutput().isEmpty()) {
            root.put("target_output", r.targetOutput());
        }
        return root;
    }

    private static List<Map<String, Object>> transcript(Transcript t) {
        List<Map<String, Object>> steps = new ArrayList<>();
        for (Transcript.Entry e : t.entries()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("t_ms", Math.round(e.offsetNanos() / 1000.0) / 1000.0);
            m.put("handoff", e.handoff());
            m.put("channel", e.channel().label());
            m.put("direction", e.direction().name().toLowerCase(Locale.ROOT));
            if (e.bytes().length > 0) {
                m.put("length", e.bytes().length);
                m.put("hex", HexDump.hex(e.bytes(), JSON_BYTES));
            }
            if (!e.note().isEmpty()) {
                m.put("note", e.note());
            }
            steps.add(m);
        }
        return steps;
    }

    // ------------------------------------------------------------------ JUnit XML

    public static void writeJunitXml(RunResult r, Function<Case, String> reproduce, Path file) throws IOException {
        StringBuilder x = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
        x.append("<testsuites name=\"handoff-kit run\" tests=\"").append(r.results().size())
                .append("\" failures=\"").append(r.blockingFailures())
                .append("\" time=\"").append(seconds(r.duration())).append("\">\n");
        for (SectionSummary s : r.sections()) {
            List<CaseResult> in = r.results().stream().filter(c -> c.definition().section() == s.section()).toList();
            long skipped = in.stream().filter(c -> !c.blocking() && c.verdict() != CaseVerdict.PASSED).count();
            x.append("  <testsuite name=\"").append(xml("handoff-kit " + s.section().title())).append("\" tests=\"").append(in.size())
                    .append("\" failures=\"").append(s.failedMust()).append("\" errors=\"0\" skipped=\"").append(skipped)
                    .append("\" time=\"").append(seconds(s.time())).append("\">\n");
            x.append("    <properties><property name=\"target\" value=\"").append(xml(r.target())).append("\"/>")
                    .append("<property name=\"kit-version\" value=\"").append(xml(KitVersion.current().kit())).append("\"/>")
                    .append("<property name=\"spec-version\" value=\"").append(xml(KitVersion.current().spec())).append("\"/>")
                    .append("<property name=\"profile\" value=\"").append(r.options().profile().id()).append("\"/>")
                    .append("<property name=\"seed\" value=\"").append(r.options().seed()).append("\"/></properties>\n");
            for (CaseResult c : in) {
                x.append("    <testcase classname=\"").append(c.definition().idPrefix()).append('.').append(s.section().id()).append("\" name=\"")
                        .append(xml(c.definition().id() + " (" + c.definition().level() + ") " + c.definition().title()))
                        .append("\" time=\"").append(seconds(c.duration())).append("\">\n");
                if (c.blocking()) {
                    x.append("      <failure message=\"").append(xml(firstLine(c.message()))).append("\" type=\"")
                            .append(c.definition().level()).append("\">").append(xml(c.message())).append("</failure>\n");
                } else if (c.failed()) {
                    String why = c.expectedFailure() ? "expected failure (listed in --expect-failures): " : "SHOULD-level case failed (a warning): ";
                    x.append("      <skipped message=\"").append(xml(why + firstLine(c.message()))).append("\"/>\n");
                } else if (c.verdict() == CaseVerdict.SKIPPED) {
                    x.append("      <skipped message=\"").append(xml("not applicable: " + firstLine(c.message()))).append("\"/>\n");
                }
                x.append("      <system-out>").append(xml("requirement: " + c.definition().quote() + "\n"
                        + c.verdict() + ": " + c.message() + "\nreproduce: " + reproduce.apply(c.definition()) + "\n\n"
                        + TranscriptText.render(c.transcript(), DUMP_BYTES, ""))).append("</system-out>\n");
                x.append("    </testcase>\n");
            }
            x.append("  </testsuite>\n");
        }
        x.append("</testsuites>\n");
        write(file, x);
    }

    // ------------------------------------------------------------------ HTML

    public static void writeHtml(RunResult r, Function<Case, String> reproduce, Path file) throws IOException {
        List<FailureGroup> groups = FailureGroup.of(r.results());
        PrintedByScenario printed = new PrintedByScenario(r);
        StringBuilder h = new StringBuilder();
        h.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width\">")
                .append("<title>handoff-kit run: ").append(r.passed() ? "PASS" : "FAIL").append("</title>\n<style>\n")
                .append("body{font:14px/1.4 system-ui,sans-serif;margin:1.5em;color:#222}h1{font-size:1.4em}code{overflow-wrap:anywhere}")
                .append("table.sum{border-collapse:collapse;margin:1em 0}table.sum td,table.sum th{border:1px solid #ccc;padding:.25em .6em;text-align:right}")
                .append("table.sum td:first-child,table.sum th:first-child{text-align:left}")
                .append(".PASSED{color:#176b2c}.FAILED{color:#b00020;font-weight:bold}.SKIPPED{color:#8a6d00}.SHOULD{color:#8a6d00}")
                .append("details{border:1px solid #ddd;border-radius:4px;margin:.3em 0;padding:.2em .6em}details[open]{background:#fafafa}")
                .append("summary{cursor:pointer}code,pre,.explanation,.step-head{font:12px/1.35 ui-monospace,monospace}")
                .append("pre{background:#f3f3f3;padding:.5em;overflow:auto;margin:.2em 0}")
                // the explanation is the most important text: it wraps, it is never cut off at the right edge
                .append(".explanation{white-space:pre-wrap;overflow-wrap:anywhere;background:#fff4f4;border-left:3px solid #b00020;padding:.4em .6em;margin:.4em 0}")
                .append(".case:not(.failing) .explanation{background:#f3f3f3;border-left-color:#999}")
                .append(".step{margin:.3em 0}.step-head{white-space:pre-wrap;overflow-wrap:anywhere}.dump{display:flex;flex-wrap:wrap;gap:.6em;align-items:flex-start}")
                .append(".decoded{background:#eef5ff;border:1px solid #c8daf5;padding:.4em .6em;font:12px/1.35 ui-monospace,monospace;white-space:pre-wrap;overflow-wrap:anywhere;flex:1 1 18em;min-width:0}")
                .append(".printed{background:#fffbe8;border:1px solid #eadfa8;white-space:pre-wrap;overflow-wrap:anywhere}")
                .append(".group{border-left:3px solid #b00020;padding:.1em .8em;margin:.6em 0}.group p{margin:.25em 0}")
                .append("blockquote{margin:.4em 0;padding:.2em .8em;border-left:3px solid #999;color:#444}")
                .append(".verdict{font-size:1.2em;font-weight:bold}.hide{display:none}")
                .append("\n</style></head><body>\n");
        h.append("<h1>handoff-kit run — <span class=\"").append(r.passed() ? "PASSED" : "FAILED").append(" verdict\">")
                .append(r.passed() ? "PASS" : "FAIL").append("</span></h1>\n");
        h.append("<p>Target: <code>").append(html(r.target())).append("</code><br>Started ").append(html(r.started().toString()))
                .append(", took ").append(html(Durations.format(r.duration()))).append("; exit code ").append(r.exitCode())
                .append(".<br>Judged by ").append(html(KitVersion.current().line()))
                .append(".<br>Profile ").append(html(r.options().profile().id())).append(" (upstream ")
                .append(html(r.options().profile().releases())).append(")")
                .append(".<br>Property tries ").append(r.options().tries()).append(", seed ").append(r.options().seed())
                .append("; ACK timeout ").append(html(Durations.format(r.options().timing().ackTimeout())))
                .append(", idle bound ").append(html(Durations.format(r.options().timing().idleBound()))).append(".</p>\n");
        h.append("<table class=\"sum\"><tr><th>section</th><th>cases</th><th>passed</th><th>failed (MUST)</th><th>failed (SHOULD)</th>")
                .append("<th>skipped</th><th>expected failures</th><th>time</th></tr>\n");
        for (SectionSummary s : r.sections()) {
            h.append("<tr><td><a href=\"#").append(s.section().id()).append("\">").append(html(s.section().title())).append("</a></td><td>")
                    .append(s.cases()).append("</td><td>").append(s.passed()).append("</td><td class=\"")
                    .append(s.failedMust() > 0 ? "FAILED" : "").append("\">").append(s.failedMust()).append("</td><td>")
                    .append(s.failedShould()).append("</td><td>").append(s.skipped()).append("</td><td>").append(s.expected())
                    .append("</td><td>").append(html(Durations.format(s.time()))).append("</td></tr>\n");
        }
        h.append("</table>\n");
        r.expectations().filter(c -> !c.matches()).ifPresent(c -> h.append("<p class=\"FAILED\">The expected-failure list does not match; corrected list:</p><pre>")
                .append(html(ExpectedFailures.format(c.corrected()))).append("</pre>\n"));
        if (!r.notes().isEmpty()) {
            h.append("<ul>");
            r.notes().forEach(n -> h.append("<li>").append(html(n)).append("</li>"));
            h.append("</ul>\n");
        }
        if (!groups.isEmpty()) {
            h.append("<h2 id=\"failures\">Failures, grouped by what was observed</h2>\n<p>")
                    .append(groups.size()).append(groups.size() == 1 ? " observation" : " observations").append(" in ")
                    .append(groups.stream().mapToInt(g -> g.cases().size()).sum())
                    .append(" failing cases. Each reproduce line reruns the group's first case with its wire bytes.</p>\n");
            for (FailureGroup g : groups) {
                h.append("<div class=\"group\"><p><span class=\"FAILED\">").append(g.cases().size()).append(" ×</span> ")
                        .append(html(g.level())).append(" · ").append(html(String.join(", ", g.requirements()))).append("</p>")
                        .append("<div class=\"explanation\">").append(html(g.explanation())).append("</div><p>Cases: ");
                h.append(String.join(", ", g.ids().stream().map(id -> "<a href=\"#" + html(id) + "\"><code>" + html(id) + "</code></a>").toList()));
                h.append("</p><p>Reproduce (").append(html(g.first().definition().id())).append("): <code>")
                        .append(html(reproduce.apply(g.first().definition()))).append("</code></p></div>\n");
            }
        }
        h.append("<p><label><input type=\"checkbox\" id=\"onlyFailures\"> show failing cases only</label></p>\n");
        for (SectionSummary s : r.sections()) {
            h.append("<h2 id=\"").append(s.section().id()).append("\">").append(html(s.section().title())).append("</h2>\n<p>")
                    .append(html(s.section().description())).append("</p>\n");
            for (CaseResult c : r.results()) {
                if (c.definition().section() != s.section()) {
                    continue;
                }
                caseHtml(h, c, groups, printed, reproduce);
            }
        }
        if (!printed.outside().isEmpty()) {
            h.append("<h2 id=\"printed\">What the implementation printed outside the cases</h2>\n")
                    .append("<p>Start-up, restarts and shutdown (and, for a container, every line: its logs come without times).</p><pre class=\"printed\">");
            printed.outside().forEach(l -> h.append(html(l.at().map(at -> at.toString() + " ").orElse("") + "#" + l.start() + " [" + l.stream() + "] "
                    + l.text())).append('\n'));
            h.append("</pre>\n");
        }
        h.append("<script>document.getElementById('onlyFailures').addEventListener('change',function(e){")
                .append("document.querySelectorAll('details.case').forEach(function(d){")
                .append("d.classList.toggle('hide',e.target.checked&&!d.classList.contains('failing'));});});</script>\n");
        h.append("</body></html>\n");
        write(file, h);
    }

    /**
     * One case: requirement, explanation, what the implementation printed meanwhile, the transcript
     * (a received ACK decoded next to its dump) and the reproduce line. A failing case is open when
     * it is the first of its group; the others point to it.
     */
    private static void caseHtml(StringBuilder h, CaseResult c, List<FailureGroup> groups, PrintedByScenario printed,
            Function<Case, String> reproduce) {
        String cls = c.failed() && !c.definition().must() ? "SHOULD" : c.verdict().name();
        Optional<FailureGroup> group = groups.stream().filter(g -> g.cases().contains(c)).findFirst();
        boolean first = group.map(g -> g.first() == c).orElse(false);
        h.append("<details class=\"case ").append(c.failed() ? "failing" : "").append("\" id=\"").append(html(c.definition().id()))
                .append("\"").append(first ? " open" : "").append("><summary><span class=\"").append(cls).append("\">")
                .append(c.verdict()).append(c.expectedFailure() ? " (expected)" : "").append("</span> <code>")
                .append(html(c.definition().id())).append("</code> ").append(c.definition().level()).append(" — ")
                .append(html(c.definition().title())).append(" <small>(").append(html(Durations.format(c.duration())))
                .append(")</small></summary>\n");
        h.append("<blockquote>").append(html(c.definition().quote())).append("</blockquote>\n");
        h.append("<p>Scenario: ").append(html(c.definition().scenario())).append("</p><div class=\"explanation\">").append(html(c.message()))
                .append("</div>\n");
        group.filter(g -> !first).ifPresent(g -> h.append("<p>The same observation as <a href=\"#").append(html(g.first().definition().id()))
                .append("\"><code>").append(html(g.first().definition().id())).append("</code></a> (").append(g.cases().size())
                .append(" cases).</p>\n"));
        List<PrintedLine> lines = printed.during(c.transcript());
        if (!lines.isEmpty()) {
            h.append("<p>What the implementation printed during this scenario:</p><pre class=\"printed\">");
            lines.forEach(l -> h.append(html(String.format(Locale.ROOT, "%+9.3f ms [%s] ",
                    java.time.Duration.between(c.transcript().started(), l.at().orElseThrow()).toNanos() / 1e6, l.stream()) + l.text())).append('\n'));
            h.append("</pre>\n");
        }
        h.append("<p>Bytes sent and received (").append(html(c.definition().scenario())).append("):</p>\n");
        for (Transcript.Entry e : c.transcript().entries()) {
            h.append("<div class=\"step\"><div class=\"step-head\">").append(html(TranscriptText.head(e, ""))).append("</div>");
            if (e.bytes().length > 0) {
                h.append("<div class=\"dump\"><pre>").append(html(HexDump.dump(e.bytes(), DUMP_BYTES))).append("</pre>");
                if (e.direction() == Transcript.Direction.RECEIVED) {
                    AckFields.of(e.bytes()).ifPresent(f -> h.append("<div class=\"decoded\">").append(html(String.join("\n", f))).append("</div>"));
                }
                h.append("</div>");
            }
            h.append("</div>\n");
        }
        h.append("<p>Reproduce: <code>").append(html(reproduce.apply(c.definition()))).append("</code></p></details>\n");
    }

    // ------------------------------------------------------------------ Markdown

    /** The line of a Markdown page that changes from one run to the next: it starts with this. */
    public static final String MARKDOWN_DATE_LINE = "Generated on ";

    public static void writeMarkdown(RunResult r, Function<Case, String> reproduce, Path file) throws IOException {
        write(file, markdown(r, "handoff-kit run: conformance report", "", reproduce));
    }

    /**
     * The run as a Markdown page: title, the date line, {@code preface} (Markdown, may be empty),
     * target, settings and verdict, totals per section, the failing and the skipped cases (with the
     * requirement, the level, the one-line explanation and, for a listed case, the list's note) and
     * how the expected-failure list compared.
     */
    public static String markdown(RunResult r, String title, String preface, Function<Case, String> reproduce) {
        StringBuilder m = new StringBuilder();
        m.append("# ").append(title).append("\n\n");
        m.append(MARKDOWN_DATE_LINE).append(r.started().atOffset(ZoneOffset.UTC).toLocalDate()).append(" (UTC).\n\n");
        if (!preface.isBlank()) {
            m.append(preface.strip()).append("\n\n");
        }
        m.append("- Target: `").append(r.target()).append("`\n");
        m.append("- Profile: ").append(r.options().profile().id()).append(" (upstream ").append(r.options().profile().releases()).append(")\n");
        m.append("- Settings: ").append(r.options().tries()).append(" tries per property-driven case, seed ").append(r.options().seed())
                .append("; ACK timeout ").append(Durations.format(r.options().timing().ackTimeout()))
                .append(", idle bound ").append(Durations.format(r.options().timing().idleBound()))
                .append(", close bound ").append(Durations.format(r.options().timing().closeBound())).append("\n");
        long listed = r.results().stream().filter(CaseResult::expectedFailure).count();
        m.append("- Verdict: exit code ").append(r.exitCode()).append(" — ").append(r.passed()
                ? "every MUST case passed" + (listed > 0 ? " or failed as the expected-failure list says (" + listed + " listed)" : "")
                : r.blockingFailures() + " MUST case(s) failed"
                        + (r.expectations().map(c -> c.matches() ? "" : "; the expected-failure list does not match").orElse("")))
                .append("\n\n");

        m.append("## Totals per section\n\n");
        m.append("| section | cases | passed | failed, MUST | failed, SHOULD | failed, listed as expected | skipped |\n");
        m.append("|---|--:|--:|--:|--:|--:|--:|\n");
        int[] all = new int[6];
        for (SectionSummary s : r.sections()) {
            int[] row = {s.cases(), s.passed(), s.failedMust(), s.failedShould(), s.expected(), s.skipped()};
            m.append("| ").append(s.section().title());
            for (int i = 0; i < row.length; i++) {
                m.append(" | ").append(row[i]);
                all[i] += row[i];
            }
            m.append(" |\n");
        }
        m.append("| **all**");
        for (int n : all) {
            m.append(" | **").append(n).append("**");
        }
        m.append(" |\n\n");

        List<CaseResult> failing = r.results().stream().filter(CaseResult::failed).toList();
        Map<String, String> notes = r.expectations().map(ExpectedFailures.Comparison::notes).orElse(Map.of());
        m.append("## Failing cases\n\n");
        if (failing.isEmpty()) {
            m.append("None.\n\n");
        } else {
            m.append("| case | level | requirement | what the case checks | explanation | on the expected-failure list |\n");
            m.append("|---|---|---|---|---|---|\n");
            for (CaseResult c : failing) {
                String listedAs = c.expectedFailure() ? "yes" + (notes.containsKey(c.definition().id()) ? ": " + notes.get(c.definition().id()) : "") : "no";
                m.append(row(c)).append(" | ").append(cell(listedAs)).append(" |\n");
            }
            m.append("\nRerun one with its wire bytes:\n\n");
            failing.forEach(c -> m.append("- `").append(reproduce.apply(c.definition())).append("`\n"));
            m.append("\n");
        }
        List<CaseResult> skipped = r.results().stream().filter(c -> c.verdict() == CaseVerdict.SKIPPED).toList();
        if (!skipped.isEmpty()) {
            m.append("## Skipped cases\n\n");
            m.append("| case | level | requirement | what the case checks | why it did not apply |\n");
            m.append("|---|---|---|---|---|\n");
            skipped.forEach(c -> m.append(row(c)).append(" |\n"));
            m.append("\n");
        }
        if (!r.notes().isEmpty()) {
            m.append("## Notes\n\n");
            r.notes().forEach(n -> m.append("- ").append(n).append("\n"));
            m.append("\n");
        }
        r.expectations().ifPresent(c -> {
            m.append("## Expected-failure list\n\n");
            if (c.matches()) {
                m.append("The list matches this run exactly.\n");
            } else {
                m.append("The list does not match this run; the corrected list:\n\n```\n").append(ExpectedFailures.format(c.corrected()))
                        .append("```\n");
            }
        });
        return m.toString();
    }

    /** The first five cells of a case's row: ID, level, requirement, title, one-line explanation. */
    private static String row(CaseResult c) {
        String requirement = SpecQuotes.bundled().requirement(c.definition().requirement().id())
                .map(q -> q.id() + " " + q.title()).orElse(c.definition().requirement().id());
        return "| `" + c.definition().id() + "` | " + c.definition().level() + " | " + cell(requirement) + " | "
                + cell(c.definition().title()) + " | " + cell(firstLine(c.message()));
    }

    private static String cell(String s) {
        return s.replace("\\", "\\\\").replace("|", "\\|").replace("\n", " ");
    }

    // ------------------------------------------------------------------ helpers

    private static void write(Path file, CharSequence text) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        Files.writeString(file, text, StandardCharsets.UTF_8);
    }

    private static double millis(java.time.Duration d) {
        return Math.round(d.toNanos() / 1000.0) / 1000.0;
    }

    private static String seconds(java.time.Duration d) {
        return String.format(Locale.ROOT, "%.3f", d.toNanos() / 1e9);
    }

    private static String firstLine(String s) {
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }

    static String xml(String s) {
        StringBuilder b = new StringBuilder(s.length());
        s.codePoints().forEach(cp -> {
            switch (cp) {
                case '&' -> b.append("&amp;");
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '"' -> b.append("&quot;");
                default -> {
                    if (cp == 0x9 || cp == 0xA || cp == 0xD || (cp >= 0x20 && cp <= 0xD7FF) || (cp >= 0xE000 && cp <= 0xFFFD) || cp >= 0x10000) {
                        b.appendCodePoint(cp);
                    } else {
                        b.append("\\u").append(String.format("%04x", cp));
                    }
                }
            }
        });
        return b.toString();
    }

    static String html(String s) {
        return xml(s).replace("'", "&#39;");
    }
}
