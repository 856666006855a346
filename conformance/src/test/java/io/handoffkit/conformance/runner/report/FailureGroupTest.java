package io.handoffkit.conformance.runner.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.handoffkit.conformance.runner.ConformanceRunner;
import io.handoffkit.conformance.runner.SelfValidation;
import io.handoffkit.conformance.runner.faulty.Fault;
import io.handoffkit.conformance.runner.model.Case;
import io.handoffkit.conformance.runner.model.CaseResult;
import io.handoffkit.conformance.runner.model.CaseVerdict;
import io.handoffkit.conformance.runner.model.RunResult;
import io.handoffkit.conformance.runner.model.Transcript;
import io.handoffkit.conformance.runner.suite.backend.BackendSuite;
import io.handoffkit.conformance.runner.suite.broker.BrokerSuite;
import io.handoffkit.conformance.runner.targets.TargetException;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 14, item 4: one root cause is reported once. A backend with one shutdown bug fails 24
 * OFFER-3 cases with one explanation; the console summary, the HTML and the JSON name it as one
 * group (count, case IDs, one reproduce line for its first case).
 */
@DisplayName("Reports: failures are grouped by what was observed")
class FailureGroupTest {

    private static final Function<Case, String> REPRODUCE = c -> "./handoff-kit run --case " + c.id();
    private static RunResult shutdownBug;

    @BeforeAll
    static void run() throws TargetException {
        shutdownBug = new ConformanceRunner(BackendSuite.SUITE, SelfValidation.inProcess(Fault.SHUTS_DOWN_AFTER_MALFORMED), SelfValidation.OPTIONS).run();
    }

    @Test
    @DisplayName("the console summary gives one group line with the count and the case IDs, and one reproduce line for its first case")
    void consoleSummaryGroups() {
        StringWriter text = new StringWriter();
        ConsoleReport console = new ConsoleReport(new PrintWriter(text), false, false, REPRODUCE);
        console.finished(shutdownBug);
        String summary = text.toString();
        assertEquals(1, count(summary, "24× MUST OFFER-3: the broker's copy no longer works"), summary);
        assertEquals(1, count(summary, "reproduce: "), summary);
        assertTrue(summary.contains("reproduce: ./handoff-kit run --case handoff/OFFER-3/1\n"), summary);
        String ids = summary.lines().filter(l -> !l.strip().startsWith("reproduce:")).reduce("", (a, b) -> a + b + "\n");
        for (int n = 1; n <= 24; n++) {
            assertEquals(1, count(ids, "handoff/OFFER-3/" + n + "\\b"), "each case ID once: OFFER-3/" + n + "\n" + summary);
        }
    }

    @Test
    @DisplayName("while running, a repeated explanation is printed once in full and then referred to")
    void progressRefersToTheFirst() {
        StringWriter text = new StringWriter();
        ConsoleReport console = new ConsoleReport(new PrintWriter(text), false, false, REPRODUCE);
        CaseResult first = shutdownBug.results().stream().filter(CaseResult::failed).findFirst().orElseThrow();
        shutdownBug.results().stream().filter(CaseResult::failed).forEach(r -> console.scenarioFinished(scenarioOf(r), List.of(r)));
        String progress = text.toString();
        assertEquals(1, count(progress, Pattern.quote(first.message().lines().findFirst().orElseThrow())), progress);
        assertEquals(23, count(progress, "the same observation as handoff/OFFER-3/1"), progress);
    }

    @Test
    @DisplayName("the explanation ends with what went wrong; what held is on a line of its own")
    void explanationEndsWithTheFailure() {
        String message = shutdownBug.results().stream().filter(CaseResult::failed).findFirst().orElseThrow().message();
        List<String> lines = message.lines().toList();
        assertTrue(lines.get(0).endsWith("the connection was shut down"), message);
        assertFalse(lines.get(0).contains("saw the end of the stream"), message);
        assertTrue(lines.get(1).startsWith("as required: ") && lines.get(1).contains("saw the end of the stream"), message);
    }

    @Test
    @DisplayName("the HTML has one group (count, the case IDs as links, one reproduce line) and opens only its first case")
    void htmlGroups(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("r.html");
        Reports.writeHtml(shutdownBug, REPRODUCE, file);
        String html = Files.readString(file);
        assertEquals(1, count(html, "<div class=\"group\">"), "one group");
        assertTrue(html.contains("<span class=\"FAILED\">24 ×</span>"), "the count");
        assertEquals(24, count(html, "<a href=\"#handoff/OFFER-3/\\d+\"><code>handoff/OFFER-3/\\d+</code></a>, |<a href=\"#handoff/OFFER-3/\\d+\"><code>handoff/OFFER-3/\\d+</code></a></p>"),
                "24 case links");
        assertEquals(1, count(html, "Reproduce \\(handoff/OFFER-3/1\\)"));
        assertEquals(1, count(html, "<details class=\"case failing\" id=\"[^\"]+\" open>"), "only the group's first case is open");
        assertEquals(23, count(html, "The same observation as <a href=\"#handoff/OFFER-3/1\">"));
    }

    @Test
    @DisplayName("the JSON adds failure_groups and keeps every case")
    void jsonGroups() {
        JsonNode json = new ObjectMapper().valueToTree(Reports.jsonModel(shutdownBug, REPRODUCE));
        assertEquals(1, json.path("failure_groups").size());
        assertEquals(24, json.path("failure_groups").get(0).path("count").asInt());
        assertEquals("./handoff-kit run --case handoff/OFFER-3/1", json.path("failure_groups").get(0).path("reproduce").asText());
        assertEquals(shutdownBug.results().size(), json.path("cases").size());
    }

    @Test
    @DisplayName("grouping is role-agnostic: backend and broker cases with one explanation form one group, in first-seen order")
    void roleAgnostic() {
        Case backend = BackendSuite.SUITE.cases().get(0);
        Case broker = BrokerSuite.SUITE.cases().get(0);
        Case other = BrokerSuite.SUITE.cases().get(1);
        List<FailureGroup> groups = FailureGroup.of(List.of(
                failed(broker, "no answer"), failed(other, "something else"), failed(backend, "no answer"),
                new CaseResult(other, CaseVerdict.PASSED, "no answer", new Transcript(), Duration.ZERO, false)));
        assertEquals(2, groups.size());
        assertEquals(List.of(broker.id(), backend.id()), groups.get(0).ids());
        assertEquals(List.of(other.id()), groups.get(1).ids());
    }

    private static CaseResult failed(Case c, String message) {
        return new CaseResult(c, CaseVerdict.FAILED, message, new Transcript(), Duration.ZERO, false);
    }

    private static io.handoffkit.conformance.runner.model.Scenario<?> scenarioOf(CaseResult r) {
        return BackendSuite.SUITE.selected(SelfValidation.OPTIONS).stream()
                .filter(s -> s.cases().stream().anyMatch(j -> j.definition().equals(r.definition()))).findFirst().orElseThrow();
    }

    private static int count(String text, String regex) {
        Matcher m = Pattern.compile(regex).matcher(text);
        int n = 0;
        while (m.find()) {
            n++;
        }
        return n;
    }
}
