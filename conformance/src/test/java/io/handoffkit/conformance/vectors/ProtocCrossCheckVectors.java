package io.handoffkit.conformance.vectors;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.UnknownFieldSet;
import io.handoffkit.conformance.vectors.VectorSuite.Decoded;
import io.handoffkit.conformance.vectors.VectorSuite.VectorTest;
import io.handoffkit.proto.v1.Frame;
import io.handoffkit.proto.v1.HandoffAck;
import io.handoffkit.proto.v1.HandoffOffer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Three encoders must agree on every valid vector: the generator's own
 * hand-written encoder (the wire bytes), protoc (from the vector's text
 * format) and protobuf-java (re-encoding what it decoded). Canonical vectors
 * must be byte-identical to protoc's output; non-canonical ones must decode
 * to what protoc encodes from the text format. A missing protoc fails.
 */
class ProtocCrossCheckVectors {

    private static final String PACKAGE = "running_process.broker.v1.";
    private static final String PROTO_FILE = "running_process/broker/v1/broker.proto";
    private static Path protoc;
    private static Path protoDir;

    @BeforeAll
    static void locateProtoc() throws IOException {
        Path given = Path.of(System.getProperty("handoff.protoc", "target/protoc/protoc.exe"));
        protoDir = Path.of(System.getProperty("handoff.proto.dir", "../reference-impl/src/main/proto"));
        if (!Files.isRegularFile(given)) {
            fail("protoc not found at " + given.toAbsolutePath()
                    + " (the build copies it there in generate-test-resources: ./mvnw -o -pl conformance test)");
        }
        assertTrue(Files.isRegularFile(protoDir.resolve(PROTO_FILE)), "proto file missing under " + protoDir);
        protoc = given;
        if (!Files.isExecutable(protoc) && !protoc.toFile().setExecutable(true)) {
            // the dependency plugin copies it without the execute bit: use an executable copy
            Path copy = Files.createTempFile("protoc", ".exe");
            Files.copy(given, copy, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            Files.setPosixFilePermissions(copy, PosixFilePermissions.fromString("rwx------"));
            copy.toFile().deleteOnExit();
            protoc = copy;
        }
    }

    @TestFactory
    @DisplayName("protoc, protobuf-java and the generator's encoder agree on every valid vector")
    Stream<DynamicNode> everyValidVector() {
        return VectorSuite.loadBundled().stream().flatMap(file -> GoldenVectors.validVectors(file).stream()
                .map(t -> DynamicTest.dynamicTest(t.label(file.role()), () -> crossCheck(t))));
    }

    private static void crossCheck(VectorTest t) throws Exception {
        Decoded d = t.decoded().orElseThrow();
        byte[] wire = t.wire();
        byte[] body = Arrays.copyOfRange(wire, 5, t.consumed());
        Frame frame = Frame.parseFrom(body);
        byte[] payload = frame.getPayload().toByteArray();

        byte[] protocFrame = protocEncode("Frame", d.frameTextproto());
        byte[] protocPayload = protocEncode(d.payloadType(), d.payloadTextproto());
        byte[] javaFrame = withoutUnknownFields(frame).toByteArray();
        byte[] javaPayload = reencodePayload(d.payloadType(), frame.getPayload());

        // what the text format says is what protobuf-java decoded from the wire (unknown fields aside)
        assertEquals(hex(javaFrame), hex(protocFrame), "Frame: protoc(frame_textproto) vs protobuf-java's decoding of the wire");
        assertEquals(hex(javaPayload), hex(protocPayload), d.payloadType() + ": protoc(payload_textproto) vs protobuf-java's decoding");
        if (d.canonical()) {
            assertEquals(hex(body), hex(protocFrame), "canonical vector: the Frame body must be protoc's encoding");
            assertEquals(hex(payload), hex(protocPayload), "canonical vector: the payload must be protoc's encoding");
        } else {
            assertFalse(Arrays.equals(body, protocFrame) && Arrays.equals(payload, protocPayload),
                    "marked non-canonical, but the wire bytes are exactly protoc's encoding");
        }
    }

    private static Frame withoutUnknownFields(Frame frame) {
        return frame.toBuilder().setUnknownFields(UnknownFieldSet.getDefaultInstance()).build();
    }

    private static byte[] reencodePayload(String type, ByteString payload) throws InvalidProtocolBufferException {
        return switch (type) {
            case "HandoffOffer" -> HandoffOffer.parseFrom(payload).toBuilder()
                    .setUnknownFields(UnknownFieldSet.getDefaultInstance()).build().toByteArray();
            case "HandoffAck" -> HandoffAck.parseFrom(payload).toBuilder()
                    .setUnknownFields(UnknownFieldSet.getDefaultInstance()).build().toByteArray();
            default -> throw new IllegalArgumentException("payload_type " + type);
        };
    }

    /** {@code protoc --encode=running_process.broker.v1.<type> -I <dir> broker.proto}, text format on stdin. */
    private static byte[] protocEncode(String type, String textproto) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(List.of(protoc.toString(), "--encode=" + PACKAGE + type,
                "-I", protoDir.toString(), PROTO_FILE)).start();
        CompletableFuture<byte[]> out = CompletableFuture.supplyAsync(() -> readAll(p.getInputStream()));
        CompletableFuture<byte[]> err = CompletableFuture.supplyAsync(() -> readAll(p.getErrorStream()));
        try (OutputStream in = p.getOutputStream()) {
            in.write(textproto.getBytes(StandardCharsets.UTF_8));
        }
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            fail("protoc did not finish within 60 s");
        }
        String stderr = new String(err.join(), StandardCharsets.UTF_8);
        assertEquals(0, p.exitValue(), "protoc --encode=" + type + " failed: " + stderr);
        return out.join();
    }

    private static byte[] readAll(InputStream in) {
        try (in) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static String hex(byte[] b) {
        return HexFormat.of().formatHex(b);
    }
}
