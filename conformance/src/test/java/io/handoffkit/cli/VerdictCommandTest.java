package io.handoffkit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.handoffkit.proto.v1.HandoffAck;
import io.handoffkit.proto.v1.HandoffOffer;
import io.handoffkit.token.Token;
import io.handoffkit.wire.FrameWriter;
import io.handoffkit.wire.Framing;
import io.handoffkit.wire.HandoffFrames;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.ByteOrder;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** `handoff-kit verdict`: one byte string or a JSON-lines stream in, the reference verdict out. */
class VerdictCommandTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Token TOKEN = Token.fromHex("000102030405060708090a0b0c0d0e0f");

    private static String hex(byte[] b) {
        return HexFormat.of().formatHex(b);
    }

    private static String offerHex(long correlation, Token token) throws Exception {
        return hex(FrameWriter.encode(HandoffFrames.offer(HandoffOffer.newBuilder()
                .setToken(token.toByteString()).setServiceName("svc").setCorrelationId(correlation).build())));
    }

    private static String ackHex(long correlation, boolean accepted) throws Exception {
        return hex(FrameWriter.encode(HandoffFrames.ack(HandoffAck.newBuilder()
                .setToken(TOKEN.toByteString()).setAccepted(accepted).setCorrelationId(correlation).build())));
    }

    private record Run(int exit, String out, String err) {}

    private static Run run(String stdin, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = HandoffKit.commandLine();
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        InputStream saved = System.in;
        System.setIn(new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)));
        try {
            return new Run(cli.execute(args), out.toString(), err.toString());
        } finally {
            System.setIn(saved);
        }
    }

    @Test
    @DisplayName("an accepted offer exits 0 and prints the decoded offer")
    void acceptedOffer() throws Exception {
        Run r = run("", "verdict", "--role", "backend-offer", "--hex", offerHex(9, TOKEN));
        assertEquals(ExitCodes.OK, r.exit());
        assertTrue(r.out().contains("ACCEPTED"), r.out());
        assertTrue(r.out().contains("service_name=svc"), r.out());
        assertTrue(r.out().contains("payload_protocol: 0xD0FF"), "written as SPEC.md writes it: " + r.out());
    }

    @Test
    @DisplayName("a rejected frame exits 1 and names the requirement, reason and detail")
    void rejectedFrame() {
        Run r = run("", "verdict", "--role", "client-relay", "--hex", "02", "--token", TOKEN.toHex());
        assertEquals(ExitCodes.FAILED, r.exit());
        assertTrue(r.out().contains("FRAMING_VERSION") && r.out().contains("FRAME-1"), r.out());
    }

    @Test
    @DisplayName("an unknown role is a usage error (exit 2)")
    void unknownRole() {
        assertEquals(ExitCodes.USAGE, run("", "verdict", "--role", "router", "--hex", "00").exit());
    }

    @Test
    @DisplayName("--jsonl answers each line with id, ok, reason, detail, requirement, consumed and decoded fields")
    void jsonLines() throws Exception {
        String lines = String.join("\n",
                "{\"id\":\"a\",\"role\":\"broker-ack\",\"hex\":\"" + ackHex(7, true) + "ffff\",\"token_hex\":\"" + TOKEN.toHex() + "\",\"correlation_id\":7}",
                "{\"id\":\"b\",\"role\":\"broker-ack\",\"hex\":\"" + ackHex(8, true) + "\",\"token_hex\":\"" + TOKEN.toHex() + "\",\"correlation_id\":7}",
                "{\"id\":\"c\",\"role\":\"broker-ack\",\"hex\":\"" + ackHex(7, true) + "\",\"token_hex\":\"" + TOKEN.toHex() + "\",\"correlation_id\":7,\"deadline_passed\":true}",
                "{\"id\":\"d\",\"role\":\"backend-offer\",\"hex\":\"" + offerHex(3, TOKEN) + "\",\"expected_token_hex\":\"" + TOKEN.toHex() + "\",\"expected_token_state\":\"consumed\"}",
                "{\"id\":18446744073709551615,\"role\":\"backend-offer\",\"hex\":\"zz\"}");
        Run r = run(lines + "\n", "verdict", "--jsonl");
        String[] out = r.out().strip().split("\n");
        assertEquals(5, out.length, r.out());

        JsonNode a = JSON.readTree(out[0]);
        assertTrue(a.get("ok").asBoolean());
        assertTrue(a.get("reason").isNull());
        assertEquals(ackHex(7, true).length() / 2, a.get("consumed").asInt(), "the two trailing bytes stay unread");
        assertEquals(7, a.get("request_id").asLong());
        assertTrue(a.get("ack").get("accepted").asBoolean());

        JsonNode b = JSON.readTree(out[1]);
        assertFalse(b.get("ok").asBoolean());
        assertEquals("ACK_FRAME_CORRELATION", b.get("reason").asText());
        assertEquals("ACK-2", b.get("requirement").asText());

        assertEquals("LATE", JSON.readTree(out[2]).get("reason").asText());
        assertEquals("TOKEN_NOT_PENDING", JSON.readTree(out[3]).get("reason").asText());

        JsonNode e = JSON.readTree(out[4]);
        assertEquals("18446744073709551615", e.get("id").asText());
        assertTrue(e.get("error").asText().startsWith("not hex"), out[4]);
        assertEquals(ExitCodes.USAGE, r.exit(), "an unusable input line makes the run exit 2");
    }

    @Test
    @DisplayName("--profile: the same bytes get the same verdict under 4.5.5 and 4.6.2 (the wire did not change), and the answer names the profile; an unknown profile is a usage error")
    void profileIsEchoedNotAVerdictChange() throws Exception {
        String ack = ackHex(7, true);
        for (String profile : new String[] {"4.5.5", "4.6.2"}) {
            Run human = run("", "verdict", "--role", "broker-ack", "--hex", ack, "--token", TOKEN.toHex(), "--correlation", "7",
                    "--profile", profile);
            assertEquals(ExitCodes.OK, human.exit(), human.out());
            assertTrue(human.out().contains("profile:     " + profile), human.out());
            JsonNode line = JSON.readTree(run("{\"id\":1,\"role\":\"broker-ack\",\"hex\":\"" + ackHex(8, true) + "\",\"token_hex\":\""
                    + TOKEN.toHex() + "\",\"correlation_id\":7,\"profile\":\"" + profile + "\"}\n", "verdict", "--jsonl").out());
            assertEquals(profile, line.path("profile").asText());
            assertEquals("ACK_FRAME_CORRELATION", line.path("reason").asText(), line.toString());
        }
        assertEquals(ExitCodes.USAGE, run("", "verdict", "--role", "broker-ack", "--hex", ack, "--profile", "4.7").exit());
        JsonNode unknown = JSON.readTree(run("{\"id\":2,\"role\":\"broker-ack\",\"hex\":\"" + ack + "\",\"profile\":\"4.7\"}\n",
                "verdict", "--jsonl").out());
        assertTrue(unknown.path("error").asText().contains("unknown profile"), unknown.toString());
    }

    @Test
    @DisplayName("FRAME-3 --jsonl judges a legal 16 MiB frame (its hex is longer than Jackson's default string limit) and keeps its id")
    void largestLegalFrameOverJsonl() throws Exception {
        byte[] wire = new byte[Framing.HEADER_LENGTH + Framing.MAX_FRAME_BYTES];
        wire[0] = 1;
        ByteBuffer.wrap(wire, 1, 4).order(ByteOrder.LITTLE_ENDIAN).putInt(Framing.MAX_FRAME_BYTES);
        // the body: one unknown length-delimited field 16 filling the frame, so it decodes (to an all-default Frame: ENV-1)
        int inner = Framing.MAX_FRAME_BYTES - 2 - 4;
        wire[5] = (byte) 0x82;
        wire[6] = 0x01;
        wire[7] = (byte) (0x80 | (inner & 0x7F));
        wire[8] = (byte) (0x80 | ((inner >>> 7) & 0x7F));
        wire[9] = (byte) (0x80 | ((inner >>> 14) & 0x7F));
        wire[10] = (byte) (inner >>> 21);
        JsonNode answer = JSON.readTree(run("{\"id\":\"big\",\"role\":\"backend-offer\",\"hex\":\"" + hex(wire) + "\"}\n",
                "verdict", "--jsonl").out());
        assertEquals("big", answer.path("id").asText(), answer.toString());
        assertFalse(answer.has("error"), answer.path("error").asText());
        assertEquals("ENVELOPE_VERSION", answer.path("reason").asText());
        assertEquals(wire.length, answer.path("consumed").asInt());
    }

    @Test
    @DisplayName("--jsonl: a broken line is answered in the kit's words, with its id when the id came before the fault")
    void brokenLinesKeepTheirId() throws Exception {
        JsonNode cut = JSON.readTree(run("{\"id\":7,\"role\":\"backend-offer\",\"hex\":\"01\n", "verdict", "--jsonl").out());
        assertEquals(7, cut.path("id").asInt(), cut.toString());
        assertTrue(cut.path("error").asText().startsWith("the line "), cut.toString());
        assertFalse(cut.path("error").asText().contains("Jackson") || cut.path("error").asText().contains("StreamRead"), cut.toString());
        JsonNode noId = JSON.readTree(run("[1,2]\n", "verdict", "--jsonl").out());
        assertTrue(noId.path("id").isNull() && noId.path("error").asText().contains("not a JSON object"), noId.toString());
    }

    @Test
    @DisplayName("issue 14 item 5: a role's inputs are required: broker-ack without --token and --correlation, client-relay without --token, is a usage error naming them, and nothing is judged")
    void roleInputsAreRequired() throws Exception {
        Run ack = run("", "verdict", "--role", "broker-ack", "--hex", ackHex(7, true));
        assertEquals(ExitCodes.USAGE, ack.exit());
        assertEquals("", ack.out(), "no verdict on made-up inputs");
        assertTrue(ack.err().contains("--role broker-ack needs --token and --correlation"), ack.err());
        Run noCorrelation = run("", "verdict", "--role", "broker-ack", "--hex", ackHex(7, true), "--token", TOKEN.toHex());
        assertTrue(noCorrelation.exit() == ExitCodes.USAGE && noCorrelation.err().contains("needs --correlation"), noCorrelation.err());
        Run relay = run("", "verdict", "--role", "client-relay", "--hex", "00");
        assertTrue(relay.exit() == ExitCodes.USAGE && relay.err().contains("--role client-relay needs --token"), relay.err());
        assertEquals(ExitCodes.OK, run("", "verdict", "--role", "broker-ack", "--hex", ackHex(7, true), "--token", TOKEN.toHex(),
                "--correlation", "7").exit());
    }

    @Test
    @DisplayName("issue 14 item 5: --jsonl refuses a line with an unknown key, naming it, and a line without the inputs its role needs")
    void jsonLinesRefuseUnknownAndMissingKeys() throws Exception {
        String lines = String.join("\n",
                "{\"id\":1,\"role\":\"broker-ack\",\"hex\":\"" + ackHex(7, true) + "\",\"tokn_hex\":\"" + TOKEN.toHex() + "\",\"correlation_id\":7}",
                "{\"id\":2,\"role\":\"broker-ack\",\"hex\":\"" + ackHex(7, true) + "\"}",
                "{\"id\":3,\"role\":\"client-relay\",\"hex\":\"00\",\"token_hex\":null}");
        Run r = run(lines + "\n", "verdict", "--jsonl");
        String[] out = r.out().strip().split("\n");
        JsonNode misspelt = JSON.readTree(out[0]);
        assertEquals(1, misspelt.path("id").asInt());
        assertTrue(misspelt.path("error").asText().startsWith("unknown key \"tokn_hex\""), out[0]);
        assertFalse(misspelt.has("ok"), "no verdict on a misspelt request: " + out[0]);
        assertEquals("role broker-ack needs \"token_hex\" and \"correlation_id\"", JSON.readTree(out[1]).path("error").asText(), out[1]);
        assertEquals("role client-relay needs \"token_hex\"", JSON.readTree(out[2]).path("error").asText(), out[2]);
        assertEquals(ExitCodes.USAGE, r.exit());
    }

    @Test
    @DisplayName("issue 14 item 6: a value that does not convert is an error naming its option: --token, --correlation, --hex, --expected-token-state, --role")
    void conversionErrorsNameTheOption() {
        String[][] cases = {
            {"--token", "abc", "a token is 32 hex digits (16 bytes), not 3"},
            {"--correlation", "-1", "'-1' is not an unsigned 64-bit integer"},
            {"--hex", "zz", "not hex"},
            {"--expected-token-state", "used", "'used' is none of pending, consumed, expired"},
            {"--role", "router", "'router' is none of backend-offer, broker-ack, client-relay"}
        };
        for (String[] c : cases) {
            Run r = run("", "verdict", "--role", "client-relay", "--hex", "00", c[0], c[1]);
            assertEquals(ExitCodes.USAGE, r.exit(), c[0]);
            assertTrue(r.err().contains("Invalid value for option '" + c[0] + "'") && r.err().contains(c[2]), r.err());
        }
    }
}
