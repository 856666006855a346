package io.handoffkit.conformance.runner.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.handoffkit.conformance.KitVersion;
import io.handoffkit.conformance.runner.JvmBackendSuite;
import io.handoffkit.conformance.runner.model.Case;
import io.handoffkit.conformance.runner.model.RunResult;
import io.handoffkit.conformance.runner.targets.TargetException;
import io.handoffkit.profile.Profile;
import io.handoffkit.transport.unix.UnixHandoffBackend;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.Function;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 16, item 5: a report can be traced to the kit, the spec version, the profile and the seed it was judged with. */
@DisplayName("Reports name the kit version, the spec version, the profile and the seed")
class ReportsNameVersionsTest {

    private static final Function<Case, String> REPRODUCE = c -> "./handoff-kit run --case " + c.id();
    private static final long SEED = 16_2026L;
    private static RunResult oneCase;

    @BeforeAll
    static void run() throws TargetException {
        oneCase = JvmBackendSuite.of("reference", socket -> UnixHandoffBackend.builder(socket).offerDeadline(Duration.ofMillis(300)).start())
                .options(o -> o.withSeed(SEED).withProfile(Profile.DEFAULT).withOnlyCase("handoff/OFFER-2/1"))
                .run();
    }

    @Test
    @DisplayName("the console header")
    void console() {
        StringWriter text = new StringWriter();
        new ConsoleReport(new PrintWriter(text), false, false, REPRODUCE).started(oneCase.target(), oneCase.options(), 1);
        String header = text.toString();
        assertTrue(header.contains(KitVersion.current().line() + "; profile " + Profile.DEFAULT.id()), header);
        assertTrue(header.contains("seed " + SEED), header);
    }

    @Test
    @DisplayName("the JUnit XML properties")
    void junitXml(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("report.xml");
        Reports.writeJunitXml(oneCase, REPRODUCE, file);
        String xml = Files.readString(file);
        assertTrue(xml.contains("<property name=\"kit-version\" value=\"" + KitVersion.current().kit() + "\"/>"), xml);
        assertTrue(xml.contains("<property name=\"spec-version\" value=\"" + KitVersion.current().spec() + "\"/>"), xml);
        assertTrue(xml.contains("<property name=\"profile\" value=\"" + Profile.DEFAULT.id() + "\"/>"), xml);
        assertTrue(xml.contains("<property name=\"seed\" value=\"" + SEED + "\"/>"), xml);
    }

    @Test
    @DisplayName("the JSON report")
    void json(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("report.json");
        Reports.writeJson(oneCase, REPRODUCE, file);
        JsonNode root = new ObjectMapper().readTree(file.toFile());
        assertEquals(KitVersion.current().kit(), root.path("kit_version").asText());
        assertEquals(KitVersion.current().spec(), root.path("spec_version").asText());
        assertEquals(Profile.DEFAULT.id(), root.path("options").path("profile").asText());
        assertEquals(SEED, root.path("options").path("seed").asLong());
    }

    @Test
    @DisplayName("the HTML report")
    void html(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("report.html");
        Reports.writeHtml(oneCase, REPRODUCE, file);
        String html = Files.readString(file);
        assertTrue(html.contains("Judged by " + KitVersion.current().line()), html);
        assertTrue(html.contains("Profile " + Profile.DEFAULT.id()), html);
        assertTrue(html.contains("seed " + SEED), html);
    }
}
