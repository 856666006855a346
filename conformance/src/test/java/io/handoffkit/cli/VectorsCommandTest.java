package io.handoffkit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** `handoff-kit vectors`: the README's main job until the socket runner exists. */
class VectorsCommandTest {

    private static String[] run(int[] exit, String... args) {
        StringWriter out = new StringWriter();
        CommandLine cli = HandoffKit.commandLine();
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(out));
        exit[0] = cli.execute(args);
        return out.toString().split("\n");
    }

    @Test
    @DisplayName("the bundled vectors all pass against the reference: exit 0 and a per-role summary")
    void bundledVectorsPass() {
        int[] exit = {-1};
        String out = String.join("\n", run(exit, "vectors"));
        assertEquals(ExitCodes.OK, exit[0], out);
        for (String role : new String[] {"backend-offer", "broker-ack", "client-relay", "all"}) {
            assertTrue(out.lines().anyMatch(l -> l.startsWith(role)), "summary line for " + role + "\n" + out);
        }
        assertTrue(out.contains("PASS"), out);
    }

    @Test
    @DisplayName("a vector whose expected verdict is wrong fails the run with exit 1 and names the vector")
    void wrongExpectationFails(@TempDir Path dir) throws IOException {
        Path original = Path.of(System.getProperty("handoff.vectors.dir", "../vectors"), "client_relay.json");
        String json = Files.readString(original);
        // the first KIND vector now claims another reason: the reference disagrees, so the run must fail
        String tampered = json.replaceFirst("\"reason\": \"KIND\"", "\"reason\": \"COMPRESSED\"");
        Files.writeString(dir.resolve("client_relay.json"), tampered);
        int[] exit = {-1};
        String out = String.join("\n", run(exit, "vectors", dir.resolve("client_relay.json").toString()));
        assertEquals(ExitCodes.FAILED, exit[0], out);
        assertTrue(out.contains("FAIL client-relay #"), out);
    }

    @Test
    @DisplayName("an unreadable vector file is a setup error (exit 2)")
    void unreadableFile(@TempDir Path dir) {
        int[] exit = {-1};
        run(exit, "vectors", dir.resolve("missing.json").toString());
        assertEquals(ExitCodes.USAGE, exit[0]);
    }
}
