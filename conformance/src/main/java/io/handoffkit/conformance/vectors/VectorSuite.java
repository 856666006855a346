package io.handoffkit.conformance.vectors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.handoffkit.conformance.verdict.Role;
import io.handoffkit.conformance.verdict.RoleInputs;
import io.handoffkit.conformance.verdict.TokenState;
import io.handoffkit.token.Token;
import io.handoffkit.wire.ReasonCode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The golden vectors (vectors/*.json, format in vectors/README.md and
 * vectors/handoff_vectors.schema.json) as typed values.
 *
 * <p>{@link #loadBundled()} reads the three files packaged in the conformance
 * jar; {@link #load(Path)} reads one file from disk. Loading is strict: a
 * missing key, an unknown key, a value of the wrong shape or a flag without a
 * note is an {@link IllegalArgumentException} naming the file and the tcId.
 * Judge a vector with {@link VectorCheck}.
 */
public final class VectorSuite {

    /** The bundled files, in this order, under the classpath folder {@code vectors/}. */
    public static final List<String> BUNDLED_FILES = List.of("backend_offer.json", "broker_ack.json", "client_relay.json");

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final BigInteger U64_MAX = BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE);
    private static final Set<String> TOP_KEYS = Set.of("role", "schema", "generator", "numberOfTests", "notes", "testGroups");
    private static final Set<String> TEST_KEYS = Set.of("tcId", "comment", "flags", "wire_hex", "token_hex", "correlation_id",
            "expected_token_hex", "expected_token_state", "deadline_passed", "result", "reason", "requirement", "consumed",
            "frame_textproto", "payload_type", "payload_textproto", "canonical");

    private VectorSuite() {}

    /** What a vector expects of a conformant reader. */
    public enum Result {
        /** accepted, consuming exactly {@code consumed} bytes */
        VALID,
        /** rejected with exactly {@code reason}, consuming exactly {@code consumed} bytes */
        INVALID,
        /** either accepted or rejected with {@code reason} (decoders legitimately differ: DEC-6, DEC-8, DEC-10..DEC-12) */
        ACCEPTABLE;

        public String id() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** The explanation of one flag: what it means, the requirement it concerns, its defect class. */
    public record Note(String description, String requirement, String defect) {}

    /** One vector file: the vectors of one role. */
    public record VectorFile(String source, Role role, String schema, String generator, int numberOfTests,
                             Map<String, Note> notes, List<TestGroup> testGroups) {

        /** Every vector of the file, in tcId order of appearance. */
        public List<VectorTest> tests() {
            return testGroups.stream().flatMap(g -> g.tests().stream()).toList();
        }
    }

    public record TestGroup(String comment, List<VectorTest> tests) {}

    /**
     * The decoded form a valid vector's bytes stand for, in protobuf text format
     * (for the protoc cross-check). {@code canonical} is false when the wire
     * bytes are not the canonical encoding of these messages.
     */
    public record Decoded(String frameTextproto, String payloadType, String payloadTextproto, boolean canonical) {}

    /**
     * One vector. Hex strings are lower case; {@code correlationId} holds the
     * unsigned 64-bit value in a {@code long} (use {@link Long#toUnsignedString}).
     * {@code reason} is empty exactly for valid vectors; {@code decoded} is present
     * exactly for valid vectors.
     */
    public record VectorTest(int tcId, String comment, List<String> flags, String wireHex,
                             Optional<String> tokenHex, long correlationId,
                             Optional<String> expectedTokenHex, TokenState expectedTokenState, boolean deadlinePassed,
                             Result result, Optional<ReasonCode> reason, String requirement, int consumed,
                             Optional<Decoded> decoded) {

        /** The bytes the reader is given. */
        public byte[] wire() {
            return HexFormat.of().parseHex(wireHex);
        }

        /** What the role knows besides the bytes, as {@link io.handoffkit.conformance.verdict.RoleEvaluator} takes it. */
        public RoleInputs inputs() {
            return new RoleInputs(tokenHex.map(Token::fromHex), correlationId, expectedTokenHex.map(Token::fromHex),
                    expectedTokenState, deadlinePassed);
        }

        /** The display name used by the tests and the CLI: {@code backend-offer #12 [ENV-2] kind RESPONSE}. */
        public String label(Role role) {
            return role.id() + " #" + tcId + " [" + requirement + "] " + comment;
        }
    }

    /** The three files packaged in the jar (classpath {@code vectors/*.json}). */
    public static List<VectorFile> loadBundled() {
        List<VectorFile> files = new ArrayList<>();
        for (String name : BUNDLED_FILES) {
            String resource = "vectors/" + name;
            try (InputStream in = VectorSuite.class.getClassLoader().getResourceAsStream(resource)) {
                if (in == null) {
                    throw new IllegalStateException("vector file " + resource + " is not on the classpath");
                }
                files.add(parse(resource, in));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + resource, e);
            }
        }
        return List.copyOf(files);
    }

    /** One vector file from disk. */
    public static VectorFile load(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return parse(file.toString(), in);
        }
    }

    /** One vector file from a stream; {@code source} names it in error messages. */
    public static VectorFile parse(String source, InputStream in) throws IOException {
        JsonNode root = JSON.readTree(in);
        return new Reader(source).file(root);
    }

    /** Strict tree-to-record conversion; every failure names the file and the tcId. */
    private static final class Reader {
        private final String source;
        private String where;

        Reader(String source) {
            this.source = source;
            this.where = source;
        }

        VectorFile file(JsonNode root) {
            object(root, "the top level");
            keys(root, TOP_KEYS, TOP_KEYS);
            String roleId = text(root, "role");
            Role role = Role.byId(roleId).orElseThrow(() -> fail("unknown role '" + roleId + "'"));
            Map<String, Note> notes = new LinkedHashMap<>();
            JsonNode notesNode = object(root.get("notes"), "notes");
            for (Iterator<Map.Entry<String, JsonNode>> it = notesNode.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                where = source + " note " + e.getKey();
                JsonNode n = object(e.getValue(), "a note");
                keys(n, Set.of("description", "requirement", "defect"), Set.of("description", "requirement", "defect"));
                notes.put(e.getKey(), new Note(text(n, "description"), text(n, "requirement"), text(n, "defect")));
            }
            where = source;
            List<TestGroup> groups = new ArrayList<>();
            for (JsonNode g : array(root.get("testGroups"), "testGroups")) {
                object(g, "a test group");
                keys(g, Set.of("comment", "tests"), Set.of("comment", "tests"));
                List<VectorTest> tests = new ArrayList<>();
                for (JsonNode t : array(g.get("tests"), "tests")) {
                    tests.add(test(role, t, notes));
                }
                groups.add(new TestGroup(text(g, "comment"), List.copyOf(tests)));
            }
            where = source;
            int declared = integer(root, "numberOfTests");
            return new VectorFile(source, role, text(root, "schema"), text(root, "generator"), declared,
                    Collections.unmodifiableMap(notes), List.copyOf(groups));
        }

        VectorTest test(Role role, JsonNode t, Map<String, Note> notes) {
            object(t, "a test");
            where = source + " tcId " + t.path("tcId").asText("?");
            keys(t, TEST_KEYS, Set.of("tcId", "comment", "flags", "wire_hex", "result", "reason", "requirement", "consumed"));
            int tcId = integer(t, "tcId");
            List<String> flags = new ArrayList<>();
            for (JsonNode f : array(t.get("flags"), "flags")) {
                if (!f.isTextual() || !notes.containsKey(f.asText())) {
                    throw fail("flag " + f + " has no note");
                }
                flags.add(f.asText());
            }
            String wire = hex(t, "wire_hex", -1).orElseThrow();
            Result result = Arrays.stream(Result.values()).filter(r -> r.id().equals(text(t, "result"))).findFirst()
                    .orElseThrow(() -> fail("result must be valid, invalid or acceptable"));
            Optional<ReasonCode> reason = Optional.empty();
            JsonNode reasonNode = t.get("reason");
            if (!reasonNode.isNull()) {
                try {
                    reason = Optional.of(ReasonCode.valueOf(reasonNode.asText()));
                } catch (IllegalArgumentException e) {
                    throw fail("unknown reason code " + reasonNode);
                }
            }
            if (reason.isPresent() == (result == Result.VALID)) {
                throw fail("reason must be null exactly for valid vectors");
            }
            Optional<String> token = hex(t, "token_hex", 16);
            Optional<String> expected = hex(t, "expected_token_hex", 16);
            TokenState state = TokenState.PENDING;
            if (t.has("expected_token_state")) {
                String s = text(t, "expected_token_state");
                state = Arrays.stream(TokenState.values()).filter(v -> v.id().equals(s)).findFirst()
                        .orElseThrow(() -> fail("expected_token_state must be pending, consumed or expired"));
            }
            if (expected.isPresent() != t.has("expected_token_state")) {
                throw fail("expected_token_hex and expected_token_state go together");
            }
            long correlation = 0;
            if (t.has("correlation_id")) {
                JsonNode c = t.get("correlation_id");
                if (!c.isIntegralNumber() || c.bigIntegerValue().signum() < 0 || c.bigIntegerValue().compareTo(U64_MAX) > 0) {
                    throw fail("correlation_id must be an unsigned 64-bit integer");
                }
                correlation = c.bigIntegerValue().longValue();
            }
            boolean deadlinePassed = false;
            if (t.has("deadline_passed")) {
                if (!t.get("deadline_passed").isBoolean()) {
                    throw fail("deadline_passed must be a boolean");
                }
                deadlinePassed = t.get("deadline_passed").booleanValue();
            }
            requireInputs(role, t);
            Optional<Decoded> decoded = Optional.empty();
            boolean hasDecoded = t.has("frame_textproto") || t.has("payload_type") || t.has("payload_textproto") || t.has("canonical");
            if (result == Result.VALID || hasDecoded) {
                if (result != Result.VALID) {
                    throw fail("only valid vectors carry frame_textproto / payload_type / payload_textproto / canonical");
                }
                if (!t.path("canonical").isBoolean()) {
                    throw fail("canonical must be a boolean");
                }
                String type = text(t, "payload_type");
                if (!type.equals("HandoffOffer") && !type.equals("HandoffAck")) {
                    throw fail("payload_type must be HandoffOffer or HandoffAck");
                }
                decoded = Optional.of(new Decoded(text(t, "frame_textproto"), type, text(t, "payload_textproto"),
                        t.get("canonical").booleanValue()));
            }
            int consumed = integer(t, "consumed");
            return new VectorTest(tcId, text(t, "comment"), List.copyOf(flags), wire, token, correlation, expected, state,
                    deadlinePassed, result, reason, text(t, "requirement"), consumed, decoded);
        }

        private void requireInputs(Role role, JsonNode t) {
            List<String> required = switch (role) {
                case BACKEND_OFFER -> List.of();
                case BROKER_ACK -> List.of("token_hex", "correlation_id", "deadline_passed");
                case CLIENT_RELAY -> List.of("token_hex");
            };
            for (String k : required) {
                if (!t.has(k)) {
                    throw fail(role.id() + " vectors need " + k);
                }
            }
            List<String> foreign = switch (role) {
                case BACKEND_OFFER -> List.of("token_hex", "correlation_id", "deadline_passed");
                case BROKER_ACK -> List.of("expected_token_hex", "expected_token_state");
                case CLIENT_RELAY -> List.of("correlation_id", "deadline_passed", "expected_token_hex", "expected_token_state");
            };
            for (String k : foreign) {
                if (t.has(k)) {
                    throw fail(k + " is not an input of " + role.id());
                }
            }
        }

        private JsonNode object(JsonNode n, String what) {
            if (n == null || !n.isObject()) {
                throw fail(what + " must be a JSON object");
            }
            return n;
        }

        private JsonNode array(JsonNode n, String what) {
            if (n == null || !n.isArray()) {
                throw fail(what + " must be a JSON array");
            }
            return n;
        }

        private void keys(JsonNode n, Set<String> allowed, Set<String> required) {
            for (Iterator<String> it = n.fieldNames(); it.hasNext(); ) {
                String k = it.next();
                if (!allowed.contains(k)) {
                    throw fail("unknown key '" + k + "'");
                }
            }
            for (String k : required) {
                if (!n.has(k)) {
                    throw fail("missing key '" + k + "'");
                }
            }
        }

        private String text(JsonNode n, String k) {
            JsonNode v = n.get(k);
            if (v == null || !v.isTextual()) {
                throw fail("'" + k + "' must be a string");
            }
            return v.asText();
        }

        private int integer(JsonNode n, String k) {
            JsonNode v = n.get(k);
            if (v == null || !v.isInt() || v.intValue() < 0) {
                throw fail("'" + k + "' must be a non-negative integer");
            }
            return v.intValue();
        }

        /** A lower-case hex string; byteLength -1 = any even length. */
        private Optional<String> hex(JsonNode n, String k, int byteLength) {
            if (!n.has(k)) {
                return Optional.empty();
            }
            String s = text(n, k);
            if (!s.matches("([0-9a-f]{2})*") || (byteLength >= 0 && s.length() != 2 * byteLength)) {
                throw fail("'" + k + "' must be lower-case hex" + (byteLength >= 0 ? " of " + byteLength + " bytes" : ""));
            }
            return Optional.of(s);
        }

        private IllegalArgumentException fail(String message) {
            return new IllegalArgumentException(where + ": " + message);
        }
    }
}
