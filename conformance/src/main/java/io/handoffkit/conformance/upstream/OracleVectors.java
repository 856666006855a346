package io.handoffkit.conformance.upstream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.handoffkit.conformance.upstream.UpstreamVerdict.Accepted;
import io.handoffkit.conformance.upstream.UpstreamVerdict.NotAskable;
import io.handoffkit.conformance.upstream.UpstreamVerdict.Rejected;
import io.handoffkit.conformance.upstream.UpstreamVerdict.Unclassified;
import io.handoffkit.conformance.verdict.Role;
import io.handoffkit.conformance.verdict.RoleInputs;
import io.handoffkit.conformance.verdict.TokenState;
import io.handoffkit.token.Token;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.lang.ProcessBuilder.Redirect;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Asks upstream 4.5.5's own checks for their verdict: one long-lived {@code oracle-vectors auto}
 * process of the upstream peer, one JSON line per question on its stdin, one answer line on its stdout.
 *
 * <p>Per role (the same inputs {@link io.handoffkit.conformance.verdict.RoleEvaluator} takes):
 * <ul>
 *   <li>backend-offer: with an expected token, mode {@code backend-serve} (upstream reads the offer and
 *       judges the token against a store in which the expected token is pending, or not: a consumed token
 *       leaves upstream's store exactly as a never-issued one, so {@code pending:false} asks for it); an
 *       expired token cannot be asked (upstream judges at the instant it issues the token, with no clock
 *       input). Without one, mode {@code backend-read-offer}.</li>
 *   <li>broker-ack: mode {@code broker-await-ack} with the offered token and correlation id; a deadline
 *       that has passed cannot be asked ({@code oracle-vectors} always waits with a far deadline).</li>
 *   <li>client-relay: mode {@code client-relay} with the negotiated token. Upstream's client words every
 *       frame-layer failure alike; for those the same bytes go to mode {@code decode-frame} (upstream's
 *       {@code read_frame}, the first thing the client calls), whose text is appended.</li>
 * </ul>
 * Questions from several threads are answered one at a time.
 */
public final class OracleVectors implements AutoCloseable {

    static final String EXPIRED_NOT_ASKABLE = "oracle-vectors judges an offer at the instant it issues the expected token"
            + " (30 s TTL, no clock input), so an expired expected token cannot be asked";
    static final String LATE_NOT_ASKABLE = "oracle-vectors waits for the ACK with a deadline an hour away (no deadline"
            + " input), so an ACK observed after its deadline cannot be asked";

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Process process;
    private final BufferedWriter questions;
    private final BufferedReader answers;
    private long asked;

    private OracleVectors(Process process) {
        this.process = process;
        this.questions = new BufferedWriter(new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8));
        this.answers = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    }

    /** Starts {@code oracle-vectors auto} of {@code peer}; its stderr goes to this process's stderr. */
    public static OracleVectors start(UpstreamPeer peer) throws IOException {
        return new OracleVectors(new ProcessBuilder(peer.vectors().toString(), "auto").redirectError(Redirect.INHERIT).start());
    }

    /** Upstream's verdict on {@code wire} read by {@code role} with {@code inputs}. */
    public synchronized UpstreamVerdict verdict(Role role, byte[] wire, RoleInputs inputs) throws IOException {
        ObjectNode question = JSON.createObjectNode();
        question.put("hex", HexFormat.of().formatHex(wire));
        Optional<String> notAskable = switch (role) {
            case BACKEND_OFFER -> backendOffer(question, inputs);
            case BROKER_ACK -> brokerAck(question, inputs);
            case CLIENT_RELAY -> withToken(question.put("mode", "client-relay"), role, inputs);
        };
        if (notAskable.isPresent()) {
            return new NotAskable(notAskable.get());
        }
        JsonNode answer = ask(question);
        UpstreamVerdict verdict = read(role, answer);
        if (verdict instanceof Unclassified u && u.error().equals(UpstreamErrors.CLIENT_FRAME_LAYER)) {
            JsonNode frame = ask(JSON.createObjectNode().put("mode", "decode-frame").put("hex", question.get("hex").asText()));
            String error = u.error() + ": " + frame.path("error").asText("read_frame accepted the frame");
            return classified(role, error, u.consumed());
        }
        return verdict;
    }

    private static Optional<String> backendOffer(ObjectNode question, RoleInputs inputs) {
        if (inputs.expectedToken().isEmpty()) {
            question.put("mode", "backend-read-offer");
            return Optional.empty();
        }
        if (inputs.expectedTokenState() == TokenState.EXPIRED) {
            return Optional.of(EXPIRED_NOT_ASKABLE);
        }
        question.put("mode", "backend-serve")
                .put("expected_token_hex", inputs.expectedToken().get().toHex())
                .put("pending", inputs.expectedTokenState() == TokenState.PENDING);
        return Optional.empty();
    }

    private static Optional<String> brokerAck(ObjectNode question, RoleInputs inputs) {
        if (inputs.deadlinePassed()) {
            return Optional.of(LATE_NOT_ASKABLE);
        }
        question.put("mode", "broker-await-ack").put("correlation_id", new BigInteger(Long.toUnsignedString(inputs.correlationId())));
        return withToken(question, Role.BROKER_ACK, inputs);
    }

    private static Optional<String> withToken(ObjectNode question, Role role, RoleInputs inputs) {
        Optional<Token> token = inputs.token();
        token.ifPresent(t -> question.put("token_hex", t.toHex()));
        return token.isPresent() ? Optional.empty() : Optional.of("the " + role.id() + " role needs its token");
    }

    private JsonNode ask(ObjectNode question) throws IOException {
        String id = Long.toString(++asked);
        questions.write(JSON.writeValueAsString(question.put("id", id)));
        questions.newLine();
        questions.flush();
        String line = answers.readLine();
        if (line == null) {
            throw new IOException("oracle-vectors ended before answering " + question.get("mode").asText()
                    + (process.isAlive() ? "" : " (exit code " + process.exitValue() + ")"));
        }
        JsonNode answer = JSON.readTree(line);
        if (!id.equals(answer.path("id").asText()) || answer.has("input_error") || !answer.path("consumed").isInt()) {
            throw new IOException("oracle-vectors gave no verdict for " + question.get("mode").asText() + ": " + line);
        }
        return answer;
    }

    /** backend-serve answers a decodable offer with {@code ok} and its judgement in {@code accepted} / {@code reason}. */
    private static UpstreamVerdict read(Role role, JsonNode answer) {
        int consumed = answer.get("consumed").asInt();
        if (answer.path("ok").asBoolean() && answer.path("accepted").asBoolean(true)) {
            return new Accepted(consumed);
        }
        return classified(role, answer.has("error") ? answer.get("error").asText() : answer.path("reason").asText(), consumed);
    }

    private static UpstreamVerdict classified(Role role, String error, int consumed) {
        return UpstreamErrors.classify(role, error).<UpstreamVerdict>map(reason -> new Rejected(reason, error, consumed))
                .orElseGet(() -> new Unclassified(error, consumed));
    }

    /** Closes the process's stdin (it ends at end of input) and waits briefly for it. */
    @Override
    public synchronized void close() throws IOException {
        try {
            questions.close();
            answers.close();
        } finally {
            try {
                if (!process.waitFor(5, TimeUnit.SECONDS)) {
                    process.destroy();
                }
            } catch (InterruptedException e) {
                process.destroy();
                Thread.currentThread().interrupt();
            }
        }
    }
}
