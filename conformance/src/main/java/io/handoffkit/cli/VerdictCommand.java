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
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.TypeConversionException;

/** "Why is my frame rejected?": the reference's verdict on one byte string, or on a JSON-lines stream. */
@Command(
        name = "verdict",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        abbreviateSynopsis = true,
        header = "Print the reference's verdict on the wire bytes of one frame, as a role reads them.",
        description = {
            "The verdict is accepted, or the reason code with the requirement ID and the detail; then the bytes consumed and "
                    + "every decoded field. Give the role with --role and the bytes with --hex, and what the role knows besides: "
                    + "broker-ack needs --token and --correlation, client-relay needs --token. With --jsonl it reads one JSON "
                    + "request per line on stdin (keys: id, role, hex, profile, token_hex, correlation_id, expected_token_hex, "
                    + "expected_token_state, deadline_passed) and writes one JSON answer per line."
        },
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:accepted (with --jsonl: every line was usable)",
            "1:rejected",
            "2:usage error (with --jsonl: an input line was unusable)"
        },
        footerHeading = "%nExamples:%n",
        footer = {
            "  handoff-kit verdict --role backend-offer --hex 0100000000",
            "  handoff-kit verdict --role broker-ack --hex HEX --token TOKEN --correlation 42",
            "  handoff-kit verdict --jsonl < requests.jsonl > answers.jsonl"
        })
public final class VerdictCommand implements Callable<Integer> {

    private static final ObjectMapper JSON = JsonLines.JSON;
    private static final WordConverter<Role> ROLES = new WordConverter<>(Role.class, Role::id);
    private static final WordConverter<TokenState> TOKEN_STATES = new WordConverter<>(TokenState.class, TokenState::id);

    @Spec
    CommandSpec spec;

    @Option(names = "--role", paramLabel = "ROLE", description = "who reads the frame: backend-offer, broker-ack or client-relay")
    Role role;

    @Option(names = "--hex", paramLabel = "HEX", converter = WireHex.Converter.class,
            description = "the wire bytes: one framed message, maybe followed by more bytes")
    WireHex hex;

    @Option(names = "--token", paramLabel = "TOKEN", converter = TokenConverter.class,
            description = "broker-ack: the offered token; client-relay: the negotiated token (32 hex digits)")
    Token token;

    @Option(names = "--correlation", paramLabel = "ID", converter = UnsignedLongConverter.class,
            description = "broker-ack: the offer's correlation id (unsigned 64-bit)")
    Long correlation;

    @Option(names = "--expected-token", paramLabel = "TOKEN", converter = TokenConverter.class,
            description = "backend-offer: also judge the presented token against this expected token (32 hex digits)")
    Token expectedToken;

    @Option(names = "--expected-token-state", paramLabel = "STATE", defaultValue = "pending",
            description = "backend-offer: the expected token is pending (default), consumed or expired")
    TokenState expectedTokenState;

    @Option(names = "--deadline-passed", description = "broker-ack: judge the ACK as read after its deadline (default: a far-future deadline)")
    boolean deadlinePassed;

    @Option(names = "--jsonl", description = "read one JSON request per line on stdin, write one JSON answer per line on stdout")
    boolean jsonl;

    // the wire and the check orders are the same in every profile, so the verdict is too; the profile is
    // echoed so that a recorded verdict says what it was judged against
    @Option(names = "--profile", paramLabel = "PROFILE", converter = ProfileConverter.class, description = ProfileConverter.DESCRIPTION)
    Profile profile = Profile.DEFAULT;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        if (jsonl) {
            return streamJsonLines(out);
        }
        if (role == null || hex == null) {
            throw new ParameterException(spec.commandLine(), "--role and --hex are required (or --jsonl)");
        }
        Set<VerdictInput> given = EnumSet.noneOf(VerdictInput.class);
        if (token != null) {
            given.add(VerdictInput.TOKEN);
        }
        if (correlation != null) {
            given.add(VerdictInput.CORRELATION);
        }
        VerdictInput.missing(role, given, i -> i.option).ifPresent(why -> {
            throw new ParameterException(spec.commandLine(), "--role " + why);
        });
        RoleVerdict verdict = RoleEvaluator.evaluate(role, hex.bytes(), new RoleInputs(Optional.ofNullable(token),
                correlation == null ? 0 : correlation, Optional.ofNullable(expectedToken), expectedTokenState, deadlinePassed));
        printHuman(out, role, profile, verdict);
        return verdict.ok() ? ExitCodes.OK : ExitCodes.FAILED;
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
            List<String> unknown = new ArrayList<>();
            request.fieldNames().forEachRemaining(k -> {
                if (!VerdictInput.keys().contains(k)) {
                    unknown.add("\"" + k + "\"");
                }
            });
            if (!unknown.isEmpty()) {
                throw new IllegalArgumentException("unknown key" + (unknown.size() == 1 ? " " : "s ") + String.join(", ", unknown)
                        + " (the keys are " + String.join(", ", VerdictInput.keys()) + ")");
            }
            Role r = ROLES.convert(text(request, "role").orElseThrow(() -> new IllegalArgumentException("missing \"role\"")));
            Profile judgedUnder = text(request, "profile").map(new ProfileConverter()::convert).orElse(Profile.DEFAULT);
            byte[] wire = WireHex.parse(text(request, "hex").orElseThrow(() -> new IllegalArgumentException("missing \"hex\""))).bytes();
            Set<VerdictInput> given = EnumSet.noneOf(VerdictInput.class);
            for (VerdictInput input : VerdictInput.values()) {
                if (text(request, input.key).isPresent()) {
                    given.add(input);
                }
            }
            VerdictInput.missing(r, given, i -> "\"" + i.key + "\"").ifPresent(why -> {
                throw new IllegalArgumentException("role " + why);
            });
            RoleVerdict verdict = RoleEvaluator.evaluate(r, wire, new RoleInputs(
                    text(request, VerdictInput.TOKEN.key).map(TokenConverter::parse),
                    text(request, VerdictInput.CORRELATION.key).map(UnsignedLongConverter::parse).orElse(0L),
                    text(request, VerdictInput.EXPECTED_TOKEN.key).map(TokenConverter::parse),
                    TOKEN_STATES.convert(text(request, VerdictInput.EXPECTED_TOKEN_STATE.key).orElse(TokenState.PENDING.id())),
                    request.path(VerdictInput.DEADLINE_PASSED.key).asBoolean(false)));
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
        } catch (IllegalArgumentException | TypeConversionException e) {
            result.put("error", e.getMessage());
        }
        return result;
    }

    private static Optional<String> text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? Optional.empty() : Optional.of(value.asText());
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
        verdict.decoded().forEach((k, v) -> out.println(String.format("%-12s %s", k + ":", shown(k, v))));
        out.flush();
    }

    /** For reading: the payload protocol as SPEC.md writes it ({@code 0xD0FF}); the JSON keeps the number. */
    private static Object shown(String field, Object value) {
        return field.equals("payload_protocol") && value instanceof Number n ? String.format("0x%04X", n.longValue()) : value;
    }
}
