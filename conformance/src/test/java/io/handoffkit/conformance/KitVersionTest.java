package io.handoffkit.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.handoffkit.cli.HandoffKit;
import io.handoffkit.conformance.spec.SpecDocument;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Issue 16, item 5: the kit and the spec carry versions, and the CLI prints both. */
@DisplayName("Versions: the kit's and the spec's")
class KitVersionTest {

    @Test
    @DisplayName("the kit version is the Maven project version")
    void kitVersionIsTheProjectVersion() {
        assertEquals(System.getProperty("handoff.kit.version"), KitVersion.current().kit());
    }

    @Test
    @DisplayName("the BOM (which has no parent) and the consumer example name the kit's own version")
    void bomAndExamplePinTheKitVersion() throws IOException {
        assertEquals(KitVersion.current().kit(), firstMatch("../bom/pom.xml", "<artifactId>handoff-kit-bom</artifactId>\\s*<version>([^<]+)</version>"));
        assertEquals(KitVersion.current().kit(), firstMatch("../examples/jvm-backend/pom.xml", "<handoff-kit.version>([^<]+)</handoff-kit.version>"));
    }

    @Test
    @DisplayName("the spec version is the one SPEC.md's header states")
    void specVersionIsSpecMdsHeader() throws IOException {
        assertEquals(firstMatch(System.getProperty("handoff.spec", "../SPEC.md"), "(?m)^\\*\\*Spec version (\\S+)\\*\\*"),
                KitVersion.current().spec());
    }

    @Test
    @DisplayName("a spec without a version line is refused: a report could not say what it judged against")
    void specWithoutVersionIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> SpecDocument.parse("# a spec\n\n### FRAME-1 (MUST) Length prefix\n"));
    }

    @Test
    @DisplayName("handoff-kit --version prints the kit and spec versions")
    void versionOption() {
        StringWriter out = new StringWriter();
        int exit = HandoffKit.commandLine().setOut(new PrintWriter(out)).execute("--version");
        assertEquals(0, exit);
        assertEquals("handoff-kit " + System.getProperty("handoff.kit.version") + ", spec " + KitVersion.current().spec()
                + " (v1 broker handoff protocol)", out.toString().strip());
    }

    private static String firstMatch(String file, String regex) throws IOException {
        Matcher m = Pattern.compile(regex).matcher(Files.readString(Path.of(file)));
        assertTrue(m.find(), file + " has no " + regex);
        return m.group(1);
    }
}
