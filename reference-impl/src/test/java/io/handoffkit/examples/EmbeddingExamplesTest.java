package io.handoffkit.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.handoffkit.client.RelayWait;
import io.handoffkit.proto.v1.Frame;
import io.handoffkit.proto.v1.HelloReply;
import io.handoffkit.token.Token;
import io.handoffkit.transport.unix.UnixHandoffBackend;
import io.handoffkit.wire.Decoding;
import io.handoffkit.wire.FrameReader;
import io.handoffkit.wire.Framing;
import io.handoffkit.wire.Verdict;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.newsclub.net.unix.AFUNIXServerSocket;
import org.newsclub.net.unix.AFUNIXSocket;
import org.newsclub.net.unix.AFUNIXSocketAddress;

/**
 * Issue 3 §6: the README's "Embed the reference" examples are these files, byte for byte, and
 * they work: a client's connection is handed from {@link BrokerExample} to {@link BackendExample}
 * and the client then talks to the backend on it.
 */
@Timeout(60)
class EmbeddingExamplesTest {

    private static final Path EXAMPLES = Path.of("src/test/java/io/handoffkit/examples");

    /** The client's side: read Negotiated, wait for the relay, and talk on the same socket. */
    private static String client(AFUNIXSocketAddress broker, String line) throws IOException {
        try (AFUNIXSocket socket = AFUNIXSocket.connectTo(broker)) {
            socket.setSoTimeout(5000);
            Verdict<Frame> frame = FrameReader.read(socket.getInputStream(), Framing.MAX_HELLO_FRAME_BYTES)
                    .then(body -> Decoding.frame(body, "HelloReply"));
            HelloReply reply = HelloReply.parseFrom(((Verdict.Accepted<Frame>) frame).value().getPayload());
            Token token = Token.of(reply.getNegotiated().getHandlePassedToken()).orElseThrow();
            RelayWait.Outcome outcome = RelayWait.await(socket, token);
            if (outcome instanceof RelayWait.Outcome.Reconnect reconnect) {
                return "reconnect: " + reconnect.reason().reason();
            }
            new PrintStream(socket.getOutputStream(), true, StandardCharsets.UTF_8).println(line);
            return new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8)).readLine();
        }
    }

    @Test
    @DisplayName("Embedding: the backend and broker examples hand a client connection over, and the client talks to the backend on it")
    void examplesWork() throws Exception {
        Path dir = Files.createTempDirectory(Path.of("/tmp"), "hkx");
        AFUNIXSocketAddress brokerAddress = AFUNIXSocketAddress.of(dir.resolve("broker.sock"));
        try (UnixHandoffBackend backend = BackendExample.start(dir.resolve("backend.sock"));
                AFUNIXServerSocket clients = AFUNIXServerSocket.bindOn(brokerAddress)) {
            Thread broker = new Thread(new BrokerExample(clients, backend.socketPath(), ProcessHandle.current().pid()));
            broker.start();
            assertEquals("HELLO, BACKEND", client(brokerAddress, "hello, backend"));
            assertEquals("AGAIN", client(brokerAddress, "again"));

            backend.close(); // now every handoff fails: the broker falls back and the client is told to reconnect
            assertEquals("reconnect: TRUNCATED_FRAMING_BYTE", client(brokerAddress, "anyone?"));
            clients.close();
            broker.join(Duration.ofSeconds(5).toMillis());
            assertTrue(!broker.isAlive(), "the broker loop ended with its listening socket");
        } finally {
            try (var files = Files.list(dir)) {
                files.forEach(f -> f.toFile().delete());
            }
            Files.deleteIfExists(dir);
        }
    }

    @Test
    @DisplayName("Embedding: the README shows the two examples exactly as they are compiled and run here")
    void readmeShowsTheExamples() throws IOException {
        String readme = Files.readString(Path.of("..", "README.md"));
        int section = readme.indexOf("## Embed the reference");
        assertTrue(section >= 0, "README has the section \"Embed the reference\"");
        List<String> blocks = new ArrayList<>();
        Matcher m = Pattern.compile("```java\n(.*?)```", Pattern.DOTALL).matcher(readme.substring(section));
        while (m.find()) {
            blocks.add(m.group(1));
        }
        for (String example : List.of("BackendExample.java", "BrokerExample.java")) {
            String source = Files.readString(EXAMPLES.resolve(example));
            String shown = source.substring(source.indexOf('\n', source.indexOf("package ")) + 1).stripLeading();
            assertTrue(blocks.contains(shown), example + " appears verbatim (without its package line) in the README");
        }
    }

    @Test
    @DisplayName("Embedding: the README names the Maven coordinates of reference-impl")
    void readmeNamesCoordinates() throws IOException {
        String readme = Files.readString(Path.of("..", "README.md"));
        String section = readme.substring(Math.max(0, readme.indexOf("## Embed the reference")));
        assertTrue(section.contains("<groupId>io.handoffkit</groupId>"), "groupId");
        assertTrue(section.contains("<artifactId>reference-impl</artifactId>"), "artifactId");
        assertTrue(section.contains("<version>0.1.0-SNAPSHOT</version>"), "version");
    }
}
