package io.handoffkit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code ./handoff-kit} launcher's first build (issue 14, item 11), with Maven and java stubbed: it says
 * what it builds, that it happens once and that it installs into ~/.m2, and shows the build's progress.
 */
@DisabledOnOs(OS.WINDOWS)
class LauncherTest {

    /** Maven's batch output of the three modules, as the launcher's build prints it (abridged). */
    private static final String MAVEN_OUTPUT = """
            [INFO] Scanning for projects...
            [INFO] Building handoff-kit 0.1.0-SNAPSHOT                                [1/3]
            [INFO] --- install:3.1.4:install (default-install) @ handoff-kit-parent ---
            [INFO] Downloading from central: https://repo.maven.apache.org/maven2/x.pom
            [INFO] Downloaded from central: https://repo.maven.apache.org/maven2/x.pom (1 kB at 9 kB/s)
            [INFO] Building handoff-kit reference implementation 0.1.0-SNAPSHOT       [2/3]
            [INFO] --- compiler:3.14.0:compile (default-compile) @ reference-impl ---
            [INFO] Compiling 120 source files with javac [debug release 17] to target/classes
            [INFO] Building handoff-kit conformance (properties, vectors, CLI) 0.1.0-SNAPSHOT [3/3]
            [INFO] --- assembly:3.7.1:single (cli-jar) @ conformance ---
            [INFO] BUILD SUCCESS
            """;

    private record Launched(int exit, String out, String err) {}

    /** The launcher copied into {@code tree}, next to a stub mvnw that prints {@link #MAVEN_OUTPUT} and exits {@code mavenExit}. */
    private static Launched launch(Path tree, int mavenExit) throws IOException, InterruptedException {
        Path launcher = tree.resolve("handoff-kit");
        Files.copy(Path.of("..", "handoff-kit"), launcher, StandardCopyOption.REPLACE_EXISTING);
        // what the launcher compares the jar's age with, written once
        if (!Files.exists(tree.resolve("pom.xml"))) {
            Files.writeString(tree.resolve("pom.xml"), "<project/>");
            Files.writeString(tree.resolve("SPEC.md"), "");
            for (String dir : List.of("reference-impl", "conformance", "vectors")) {
                Files.createDirectories(tree.resolve(dir));
            }
        }
        Files.writeString(tree.resolve("mavens-output.txt"), MAVEN_OUTPUT);
        Path mvnw = tree.resolve("mvnw");
        Files.writeString(mvnw, "#!/bin/sh\ncat \"$(dirname \"$0\")/mavens-output.txt\"\n"
                + (mavenExit == 0 ? "mkdir -p \"$(dirname \"$0\")/conformance/target\"; touch \"$(dirname \"$0\")/conformance/target/handoff-kit.jar\"\n"
                        : "echo '[ERROR] COMPILATION ERROR'\n")
                + "exit " + mavenExit + "\n");
        Path bin = Files.createDirectories(tree.resolve("bin"));
        Files.writeString(bin.resolve("java"), "#!/bin/sh\necho \"java $*\"\n");
        for (Path p : List.of(launcher, mvnw, bin.resolve("java"))) {
            p.toFile().setExecutable(true);
        }
        ProcessBuilder pb = new ProcessBuilder("bash", launcher.toString(), "--version");
        pb.environment().put("PATH", bin + ":" + System.getenv("PATH"));
        pb.environment().put("TMPDIR", tree.toString());
        Path out = tree.resolve("out.txt");
        Path err = tree.resolve("err.txt");
        Process p = pb.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "the launcher did not finish");
        return new Launched(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
    }

    @Test
    @DisplayName("the first build says what it does, that it happens once, that it installs into ~/.m2, and shows each module and step")
    void firstBuildShowsItsProgress(@TempDir Path tree) throws Exception {
        Launched first = launch(tree, 0);
        assertEquals(0, first.exit(), first.err());
        String err = first.err();
        assertTrue(err.contains("building the CLI jar (first run, or a source changed"), err);
        assertTrue(err.contains("installs reference-impl and conformance into ~/.m2/repository/io/handoffkit/"), err);
        assertTrue(err.contains("module 2/3: handoff-kit reference implementation"), err);
        assertTrue(err.contains("module 3/3: handoff-kit conformance (properties, vectors, CLI)"), err);
        assertTrue(err.contains("compiler:compile") && err.contains("assembly:single"), err);
        assertEquals(1, err.lines().filter(l -> l.contains("downloading")).count(), "downloads are announced once: " + err);
        assertFalse(err.contains("Compiling 120 source files"), "Maven's own chatter stays out: " + err);
        assertTrue(err.contains("later runs start at once"), err);
        assertTrue(first.out().startsWith("java ") && first.out().contains("--version"), "then the CLI runs: " + first.out());

        Launched second = launch(tree, 0);
        assertEquals("", second.err(), "a built jar starts the CLI without a word");
    }

    @Test
    @DisplayName("a failed build exits 2 with the end of Maven's output and where the whole log is")
    void failedBuildShowsItsOutput(@TempDir Path tree) throws Exception {
        Launched failed = launch(tree, 1);
        assertEquals(2, failed.exit(), failed.err());
        assertTrue(failed.err().contains("the build failed") && failed.err().contains("[ERROR] COMPILATION ERROR"), failed.err());
        assertEquals("", failed.out(), "the CLI does not run");
    }
}
