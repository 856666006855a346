package io.handoffkit.conformance.runner.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.handoffkit.conformance.runner.ConformanceRunner;
import io.handoffkit.conformance.runner.SelfValidation;
import io.handoffkit.conformance.runner.faulty.Fault;
import io.handoffkit.conformance.runner.model.Case;
import io.handoffkit.conformance.runner.model.RunResult;
import io.handoffkit.conformance.runner.suite.backend.BackendSection;
import io.handoffkit.conformance.runner.suite.backend.BackendSuite;
import io.handoffkit.conformance.runner.targets.ExecTarget;
import io.handoffkit.conformance.runner.targets.TargetException;
import java.awt.image.BufferedImage;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Issue 14, item 12: the HTML report of a failing run of a backend process (which prints a line
 * per handoff), checked as text and in a real browser (headless Chromium) at 1400 and 800 px: no
 * explanation is clipped or runs past the right edge, nothing is hidden in a sideways scroll, the
 * implementation's output stands next to its case, and a received ACK is decoded next to its dump.
 * Without Chromium the browser checks are skipped, unless {@code HANDOFF_KIT_REQUIRE_CHROMIUM=true}
 * (CI). The page and the screenshots stay in {@code target/report-screenshots/} to look at.
 */
@DisplayName("HTML report: readable at 1400 and 800 px, output next to its case, the ACK decoded")
@Tag("process")
class HtmlReportBrowserTest {

    static final Path OUT = Path.of("target", "report-screenshots");
    private static final Function<Case, String> REPRODUCE = c -> "./handoff-kit run --cmd 'path/to/backend --socket {socket}' --case " + c.id();
    private static Path page;
    private static String html;

    @BeforeAll
    static void render() throws TargetException, IOException {
        ExecTarget target = new ExecTarget(SelfValidation.execFaulty(Fault.SHUTS_DOWN_AFTER_MALFORMED), Duration.ofSeconds(20));
        RunResult r = new ConformanceRunner(BackendSuite.SUITE, target,
                SelfValidation.OPTIONS.withSections(Set.of(BackendSection.OFFERS, BackendSection.REJECTIONS))).run();
        Files.createDirectories(OUT);
        page = OUT.resolve("report.html").toAbsolutePath();
        Reports.writeHtml(r, REPRODUCE, page);
        html = Files.readString(page);
    }

    @Test
    @DisplayName("what the backend printed during a case is shown in that case, with its time from the scenario's start")
    void outputNextToItsCase() {
        String framingByte0 = details("handoff/OFFER-3/1");
        assertTrue(framingByte0.contains("What the implementation printed during this scenario"), framingByte0);
        assertTrue(Pattern.compile("ms \\[stderr\\] offer rejected: FRAMING_VERSION").matcher(framingByte0).find(), framingByte0);
        assertFalse(details("handoff/DEC-3/2").contains("offer rejected"), "an accepted case shows only its own lines");
        assertTrue(html.contains("What the implementation printed outside the cases") && html.contains("[stdout] READY"),
                "start-up and shutdown stay apart");
    }

    @Test
    @DisplayName("a received ACK's decoded fields stand next to its hex dump")
    void ackDecoded() {
        String unknownGroup = details("handoff/DEC-3/2");
        assertTrue(unknownGroup.contains("</pre><div class=\"decoded\">HandoffAck in a RESPONSE frame\naccepted: true\nerror_detail: (empty)\ntoken: "),
                unknownGroup);
    }

    @Test
    @DisplayName("the explanation is a wrapping block, not a <pre>")
    void explanationWraps() {
        String failing = details("handoff/OFFER-3/1");
        assertTrue(failing.contains("<div class=\"explanation\">the broker&#39;s copy no longer works"), failing);
        assertTrue(html.contains(".explanation{white-space:pre-wrap"), "pre-wrap");
    }

    @ParameterizedTest(name = "{0} px")
    @ValueSource(ints = {1400, 800})
    @DisplayName("in Chromium: no explanation clipped or past the right edge, no sideways scrolling, nothing hidden in a <pre>")
    void inTheBrowser(int width) throws IOException, InterruptedException {
        String chromium = chromium();
        Path png = OUT.resolve("report-" + width + ".png").toAbsolutePath();
        Files.deleteIfExists(png);
        run(List.of(chromium, "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", "--window-size=" + width + ",2400",
                "--screenshot=" + png, page.toUri().toString()), Optional.empty());
        BufferedImage shot = ImageIO.read(png.toFile());
        assertEquals(width, shot.getWidth(), "the screenshot is as wide as the window");

        // the same page with a measuring script: every case opened, then each explanation and <pre> measured
        Path measured = OUT.resolve("report-measured.html").toAbsolutePath();
        Files.writeString(measured, html.replace("</body>", MEASURE + "</body>"));
        Path dom = OUT.resolve("report-" + width + ".dom.html").toAbsolutePath();
        run(List.of(chromium, "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", "--window-size=" + width + ",2400",
                "--dump-dom", measured.toUri().toString()), Optional.of(dom));
        String after = Files.readString(dom);
        Matcher checked = Pattern.compile("data-checked=\"(\\d+)\"").matcher(after);
        assertTrue(checked.find(), "the measuring script ran");
        assertTrue(Integer.parseInt(checked.group(1)) > 50, "explanations measured: " + checked.group(1));
        Matcher problems = Pattern.compile("data-problems=\"([^\"]*)\"").matcher(after);
        assertTrue(problems.find(), "the measuring script reported");
        assertEquals("[]", problems.group(1).replace("&quot;", "\""), "layout problems at " + width + " px");
    }

    private static final String MEASURE = """
            <script>(function(){
            document.querySelectorAll('details').forEach(function(d){d.open=true;});
            var p=[],n=0,W=document.documentElement.clientWidth;
            if(document.documentElement.scrollWidth>W)p.push('the page scrolls sideways: '+document.documentElement.scrollWidth+' > '+W);
            document.querySelectorAll('.explanation').forEach(function(e){n++;
              if(e.scrollWidth>e.clientWidth+1)p.push('explanation clipped: '+e.textContent.slice(0,60));
              if(e.getBoundingClientRect().right>W+1)p.push('explanation past the right edge: '+e.textContent.slice(0,60));});
            document.querySelectorAll('pre').forEach(function(e){
              if(e.scrollWidth>e.clientWidth+1)p.push('a pre hides text: '+e.textContent.slice(0,60));});
            document.body.setAttribute('data-checked',String(n));
            document.body.setAttribute('data-problems',JSON.stringify(p));})();</script>
            """;

    /** One case's {@code <details>} block. */
    private static String details(String id) {
        int start = html.indexOf("id=\"" + id + "\"");
        assertTrue(start >= 0, "no case " + id);
        return html.substring(start, html.indexOf("</details>", start));
    }

    private static String chromium() {
        Optional<String> found = Stream.of("chromium", "chromium-browser", "google-chrome")
                .flatMap(name -> Stream.of(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)).map(dir -> Path.of(dir, name)))
                .filter(Files::isExecutable).map(Path::toString).findFirst();
        if (found.isEmpty() && Boolean.parseBoolean(System.getenv("HANDOFF_KIT_REQUIRE_CHROMIUM"))) {
            fail("HANDOFF_KIT_REQUIRE_CHROMIUM=true, but no chromium on the PATH");
        }
        Assumptions.assumeTrue(found.isPresent(), "no chromium on the PATH (apt-get install chromium)");
        return found.orElseThrow();
    }

    private static void run(List<String> command, Optional<Path> stdout) throws IOException, InterruptedException {
        Path log = OUT.resolve("chromium.log").toAbsolutePath();
        ProcessBuilder pb = new ProcessBuilder(command).redirectError(log.toFile());
        pb.redirectOutput(stdout.map(Path::toFile).orElse(log.resolveSibling("chromium.out").toFile()));
        Process p = pb.start();
        if (!p.waitFor(90, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            fail("chromium did not finish within 90 s: " + command);
        }
        assertEquals(0, p.exitValue(), "chromium failed: " + Files.readString(log));
    }
}
