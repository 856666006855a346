package io.handoffkit.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.handoffkit.conformance.verdict.Role;
import io.handoffkit.conformance.verdict.RoleEvaluator;
import io.handoffkit.conformance.verdict.RoleInputs;
import io.handoffkit.conformance.verdict.RoleVerdict;
import io.handoffkit.conformance.verdict.TokenState;
import io.handoffkit.profile.Profile;
import io.handoffkit.token.Token;
import io.handoffkit.wire.Rejection;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** "Why is my frame rejected?": the reference's verdict on one byte string, or on a JSON-lines stream. */
@Command(
        name = "verdict",
        mixinStandardHelpOptions = true,
        description = {
            "Print the reference verdict for the wire bytes of one framed message as read by a role:",
            "accepted or the reason code, the requirement ID, the detail, the bytes consumed and the decoded fields.",
            "Exit code: 0 accepted, 1 rejected, 2 usage error (with --jsonl: 0 unless an input line was unusable)."
        })
public final class VerdictCommand implements Callable<Integer> {

    private static final ObjectMapper JSON = JsonLines.JSON;

    @Spec
    CommandSpec spec;

    @Option(names = "--role", description = "backend-offer | broker-ack | client-relay")
    String role;

    @Option(names = "--hex", description = "wire bytes: one framed message, maybe followed by more bytes")
    String hex;

    @Option(names = "--token", description = "broker-ack: the offered token; client-relay: the negotiated token (32 hex digits)")
    String token;

    @Option(names = "--correlation", description = "broker-ack: the offer's correlation id (unsigned 64-bit)", defaultValue = "0")
    String correlation;

    @Option(names = "--expected-token", description = "backend-offer: also judge the presented token against this expected token")
    String expectedToken;

    @Option(names = "--expected-token-state", description = "backend-offer: pending (default), consumed or expired", defaultValue = "pending")
    String expectedTokenState;

    @Option(names = "--deadline-passed", description = "broker-ack: judge the ACK as observed after its deadline (default: far-future deadline)")
    boolean deadlinePassed;

    @Option(names = "--jsonl", description = "read one JSON object per line on stdin, write one verdict per line on stdout")
    boolean jsonl;

    // the wire and the check orders are the same in every profile, so the verdict is too; the profile is
    // echoed so that a recorded verdict says what it was judged against
    @Option(names = "--profile", paramLabel = "4.5.5|4.6.2", converter = ProfileConverter.class, description = ProfileConverter.DESCRIPTION)
    Profile profile = Profile.DEFAULT;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        if (jsonl) {
            return streamJsonLines(out);
        }
        if (role == null || hex == null) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--role and --hex are required (or --jsonl)");
        }
        try {
            Role r = parseRole(role);
            RoleVerdict verdict = RoleEvaluator.evaluate(r, parseHex(hex),
                    inputs(token, unsignedLong(correlation), expectedToken, expectedTokenState, deadlinePassed));
            printHuman(out, r, profile, verdict);
            return verdict.ok() ? ExitCodes.OK : ExitCodes.FAILED;
        } catch (IllegalArgumentException e) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
    }

    private int streamJsonLines(PrintWriter out) throws IOException {
        int status = ExitCodes.OK;
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        for (String line = in.readLine(); line != null; line = in.readLine()) {
            if (line.isBlank()) {
                continue;
            }
            ObjectNode answer = answer(line);
            out.println(JSON.writeValueAsString(answer));
            out.flush();
            if (answer.has("error")) {
                status = ExitCodes.USAGE;
            }
        }
        return status;
    }

    /** One JSON-lines request to one JSON-lines answer; a malformed request gets an "error" answer, never a crash. */
    static ObjectNode answer(String line) {
        ObjectNode result = JSON.createObjectNode();
        JsonLines.Line read = JsonLines.read(line);
        if (read instanceof JsonLines.Line.Refused refused) {
            result.set("id", refused.id());
            result.put("error", refused.why());
            return result;
        }
        JsonNode request = ((JsonLines.Line.Request) read).request();
        result.set("id", request.path("id").isMissingNode() ? JSON.nullNode() : request.get("id"));
        try {
            Role r = parseRole(text(request, "role").orElseThrow(() -> new IllegalArgumentException("missing \"role\"")));
            String profileId = text(request, "profile").orElse(Profile.DEFAULT.id());
            Profile judgedUnder = Profile.of(profileId).orElseThrow(() -> new IllegalArgumentException(
                    "unknown profile '" + profileId + "': expected 4.5.5 or 4.6.2"));
            byte[] wire = parseHex(text(request, "hex").orElseThrow(() -> new IllegalArgumentException("missing \"hex\"")));
            JsonNode correlationNode = request.path("correlation_id");
            long correlationId = correlationNode.isMissingNode() || correlationNode.isNull()
                    ? 0
                    : unsignedLong(correlationNode.asText());
            RoleVerdict verdict = RoleEvaluator.evaluate(r, wire, inputs(
                    text(request, "token_hex").orElse(null),
                    correlationId,
                    text(request, "expected_token_hex").orElse(null),
                    text(request, "expected_token_state").orElse("pending"),
                    request.path("deadline_passed").asBoolean(false)));
            result.put("ok", verdict.ok());
            result.put("profile", judgedUnder.id());
            Optional<Rejection> rejection = verdict.rejection();
            result.put("reason", rejection.map(x -> x.reason().name()).orElse(null));
            result.put("detail", rejection.map(Rejection::detail).orElse(""));
            result.put("requirement", rejection.map(Rejection::requirement).orElse(null));
            result.put("consumed", verdict.consumed());
            for (Map.Entry<String, Object> field : verdict.decoded().entrySet()) {
                result.set(field.getKey(), JSON.valueToTree(field.getValue()));
            }
        } catch (IllegalArgumentException e) {
            result.put("error", e.getMessage());
        }
        return result;
    }

    private static Optional<String> text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? Optional.empty() : Optional.of(value.asText());
    }

    private static RoleInputs inputs(String token, long correlation, String expected, String state, boolean late) {
        return new RoleInputs(
                Optional.ofNullable(token).map(VerdictCommand::parseToken),
                correlation,
                Optional.ofNullable(expected).map(VerdictCommand::parseToken),
                parseState(state),
                late);
    }

    static Role parseRole(String id) {
        return Role.byId(id).orElseThrow(() -> new IllegalArgumentException(
                "unknown role '" + id + "': expected backend-offer, broker-ack or client-relay"));
    }

    private static TokenState parseState(String id) {
        try {
            return TokenState.valueOf(id.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown expected token state '" + id + "': expected pending, consumed or expired");
        }
    }

    private static Token parseToken(String hex) {
        return Token.fromHex(hex.strip());
    }

    static byte[] parseHex(String hex) {
        String digits = hex.replaceAll("\\s", "");
        try {
            return HexFormat.of().parseHex(digits);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("not hex: " + e.getMessage());
        }
    }

    private static long unsignedLong(String text) {
        try {
            BigInteger value = new BigInteger(text.strip());
            if (value.signum() < 0 || value.bitLength() > 64) {
                throw new NumberFormatException();
            }
            return value.longValue();
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not an unsigned 64-bit integer: " + text);
        }
    }

    private static void printHuman(PrintWriter out, Role role, Profile profile, RoleVerdict verdict) {
        out.println("role:        " + role.id());
        out.println("profile:     " + profile.id());
        if (verdict.ok()) {
            out.println("verdict:     ACCEPTED");
        } else {
            Rejection r = verdict.rejection().get();
            out.println("verdict:     REJECTED");
            out.println("reason:      " + r.reason());
            out.println("requirement: " + r.requirement());
            out.println("detail:      " + r.detail());
        }
        out.println("consumed:    " + verdict.consumed() + " bytes");
        verdict.decoded().forEach((k, v) -> out.println(String.format("%-12s %s", k + ":", v)));
        out.flush();
    }
}
