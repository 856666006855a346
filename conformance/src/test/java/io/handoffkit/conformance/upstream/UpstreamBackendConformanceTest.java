package io.handoffkit.conformance.upstream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.handoffkit.conformance.runner.model.CaseResult;
import io.handoffkit.conformance.runner.model.ExpectedFailures;
import io.handoffkit.conformance.runner.model.RunListener;
import io.handoffkit.conformance.runner.model.RunResult;
import io.handoffkit.conformance.runner.report.Reports;
import io.handoffkit.conformance.runner.suite.backend.BackendSuite;
import io.handoffkit.conformance.runner.targets.TargetException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The conformance runner against upstream 4.5.5's backend (the peer's {@code oracle-backend} in
 * profile mode): one run of the whole suite, judged against the exact list of the cases upstream
 * fails, and rendered as the committed page {@code docs/upstream-4.5.5-conformance.md}.
 */
@DisplayName("Upstream 4.5.5's backend under the conformance runner (SPEC.md Appendix A)")
@Tag("process")
class UpstreamBackendConformanceTest {

    private static final Path DOCS = Path.of(System.getProperty("handoff.docs.dir", "../docs"));

    private static UpstreamConformancePage generator;
    private static RunResult run;

    @BeforeAll
    static void runTheSuiteAgainstUpstream() throws TargetException {
        generator = new UpstreamConformancePage(UpstreamPeerAssumption.peer());
        run = generator.run(RunListener.NONE);
        System.out.printf("[upstream conformance] %d cases against oracle-backend in %.1f s, failing %s%n",
                run.results().size(), run.duration().toMillis() / 1000.0, failing());
    }

    private static Set<String> failing() {
        return run.results().stream().filter(CaseResult::failed).map(c -> c.definition().id()).collect(Collectors.toCollection(TreeSet::new));
    }

    @Test
    @DisplayName("PROFILE-2, PROFILE-7: upstream fails exactly the cases of its expected-failure list, and the list says for each which upstream behaviour it is")
    void failsExactlyTheListedCases() {
        ExpectedFailures list = UpstreamConformancePage.expectedFailures();
        int inProfile = BackendSuite.SUITE.cases().size() - BackendSuite.SUITE.outsideProfile(generator.options()).size();
        assertEquals(inProfile, run.results().size(), "every case of profile 4.5.5 ran");
        assertEquals(new TreeSet<>(list.ids()), failing(), "the failing cases are the listed ones (SHOULD cases included)");
        assertTrue(run.expectations().orElseThrow().matches(), "the runner's own comparison: " + run.expectations());
        assertEquals(0, run.exitCode(), "with the list, the run passes");
        for (String id : list.ids()) {
            assertTrue(list.note(id).filter(n -> n.contains(".rs")).isPresent(),
                    id + " is listed without the upstream behaviour behind it and its upstream file: " + list.note(id));
        }
    }

    @Test
    @DisplayName("docs/upstream-4.5.5-conformance.md is what the generator writes for this run, but for its date line (regenerate: see the page)")
    void committedPageIsCurrent() throws IOException {
        String now = generator.page(run);
        Path target = Path.of("target");
        Files.createDirectories(target);
        Files.writeString(target.resolve(UpstreamConformancePage.PAGE.getFileName()), now, StandardCharsets.UTF_8);
        Reports.writeHtml(run, generator.reproduce(), target.resolve("upstream-4.5.5-conformance.html"));
        Path committed = DOCS.resolve(UpstreamConformancePage.PAGE.getFileName());
        assertEquals(withoutDateLine(Files.readString(committed, StandardCharsets.UTF_8)), withoutDateLine(now),
                committed + " is stale: the page this run gives is in target/" + UpstreamConformancePage.PAGE.getFileName());
    }

    private static String withoutDateLine(String page) {
        return page.lines().filter(l -> !l.startsWith(Reports.MARKDOWN_DATE_LINE)).collect(Collectors.joining("\n"));
    }
}
