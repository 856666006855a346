package io.handoffkit.conformance.upstream;

import static io.handoffkit.conformance.verdict.Role.BACKEND_OFFER;
import static io.handoffkit.conformance.verdict.Role.BROKER_ACK;
import static io.handoffkit.conformance.verdict.Role.CLIENT_RELAY;

import io.handoffkit.conformance.verdict.Role;
import io.handoffkit.wire.ReasonCode;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Upstream 4.5.5's rejection texts and the kit's reason code for each (SPEC.md, "Reason codes"): one
 * table, a row per reason code, a column per role. The texts are what {@code oracle-vectors} reports for
 * that role: the backend's wire error or token rejection, the broker's {@code HandoffDeliveryError}
 * ("backend handoff ACK was not observed: ..."), the client's fixed strings. A text must match a cell
 * entirely; a text no cell matches is unclassified, never mapped to the nearest code.
 *
 * <p>The client words every frame-layer failure alike ({@link #CLIENT_FRAME_LAYER}); {@link OracleVectors}
 * then asks upstream's {@code read_frame} about the same bytes and appends its text after ": ".
 */
public final class UpstreamErrors {

    /** The client's text for any failure of {@code read_frame}. */
    public static final String CLIENT_FRAME_LAYER = "failed to read handoff-ready frame";

    /** How the broker reports every failure of its ACK wait. */
    private static final String ACK = "backend handoff ACK was not observed: ";
    /** What precedes upstream's {@code FramingError} text, per role. */
    private static final Map<Role, String> FRAME_LAYER = Map.of(
            BACKEND_OFFER, "",
            BROKER_ACK, ACK + "failed to read HandoffAck frame: ",
            CLIENT_RELAY, CLIENT_FRAME_LAYER + ": ");
    /** What precedes upstream's envelope check text, per role. */
    private static final Map<Role, String> ENVELOPE = Map.of(
            BACKEND_OFFER, "unexpected HandoffOffer frame: ",
            BROKER_ACK, ACK + "unexpected HandoffAck frame: ",
            CLIENT_RELAY, "");

    private record Row(ReasonCode reason, Map<Role, Pattern> texts) {}

    private static final List<Row> TABLE = List.of(
            row(ReasonCode.FRAMING_VERSION, within(FRAME_LAYER, "unsupported framing version: got \\d+, expected 1")),
            row(ReasonCode.FRAME_TOO_LARGE, within(FRAME_LAYER, "frame body too large: \\d+ bytes exceeds cap \\d+")),
            row(ReasonCode.TRUNCATED_FRAMING_BYTE, within(FRAME_LAYER, "unexpected EOF while reading frame \\(framing byte\\)")),
            row(ReasonCode.TRUNCATED_LENGTH, within(FRAME_LAYER, "unexpected EOF while reading frame \\(body length header\\)")),
            row(ReasonCode.TRUNCATED_BODY, within(FRAME_LAYER, "unexpected EOF while reading frame \\(frame body\\)")),
            row(ReasonCode.IO, within(FRAME_LAYER, "I/O error: .*")),
            row(ReasonCode.FRAME_UNDECODABLE, Map.of(
                    BACKEND_OFFER, "failed to decode HandoffOffer Frame: .+",
                    BROKER_ACK, ACK + "failed to decode HandoffAck Frame: .+",
                    CLIENT_RELAY, "failed to decode handoff-ready Frame")),
            row(ReasonCode.PAYLOAD_UNDECODABLE, Map.of(
                    BACKEND_OFFER, "failed to decode HandoffOffer payload: .+",
                    BROKER_ACK, ACK + "failed to decode HandoffAck payload: .+",
                    CLIENT_RELAY, "failed to decode handoff-ready HandoffAck payload")),
            row(ReasonCode.ENVELOPE_VERSION, within(ENVELOPE, "envelope_version is not v1")),
            row(ReasonCode.KIND, Map.of(
                    BACKEND_OFFER, ENVELOPE.get(BACKEND_OFFER) + "kind is not REQUEST",
                    BROKER_ACK, ENVELOPE.get(BROKER_ACK) + "kind is not RESPONSE",
                    CLIENT_RELAY, "kind is not EVENT")),
            row(ReasonCode.PAYLOAD_PROTOCOL, within(ENVELOPE, "payload_protocol is not handoff")),
            row(ReasonCode.COMPRESSED, within(ENVELOPE, "payload is compressed")),
            row(ReasonCode.OFFER_CORRELATION, Map.of(
                    BACKEND_OFFER, ENVELOPE.get(BACKEND_OFFER) + "frame request_id does not match HandoffOffer correlation_id")),
            row(ReasonCode.ACK_FRAME_CORRELATION, Map.of(
                    BROKER_ACK, ACK + "HandoffAck frame request_id \\d+ does not match correlation id \\d+")),
            row(ReasonCode.ACK_CORRELATION, Map.of(
                    BROKER_ACK, ACK + "HandoffAck correlation id \\d+ does not match offer correlation id \\d+")),
            row(ReasonCode.TOKEN_ECHO, Map.of(
                    BROKER_ACK, ACK + "HandoffAck token echo does not match the offered token",
                    CLIENT_RELAY, "handoff-ready token echo does not match the negotiated token")),
            row(ReasonCode.REFUSED, Map.of(
                    BROKER_ACK, ACK + "backend refused the handoff: (?s:.+)",
                    CLIENT_RELAY, "broker relayed a refused handoff")),
            row(ReasonCode.LATE, Map.of(BROKER_ACK, ACK + "backend HandoffAck arrived after the ACK deadline")),
            row(ReasonCode.TOKEN_MISSING, Map.of(BACKEND_OFFER, "handoff token is missing")),
            row(ReasonCode.TOKEN_LENGTH, Map.of(BACKEND_OFFER, "handoff token length was \\d+ bytes; expected 16")),
            row(ReasonCode.TOKEN_NOT_PENDING, Map.of(BACKEND_OFFER, "handoff token is not pending")),
            row(ReasonCode.TOKEN_EXPIRED, Map.of(BACKEND_OFFER, "handoff token expired")),
            row(ReasonCode.TOKEN_MISMATCH, Map.of(BACKEND_OFFER, "handoff token mismatch")));

    private UpstreamErrors() {}

    /** The reason code of upstream's {@code error} as {@code role} reported it; empty when no row matches it. */
    public static Optional<ReasonCode> classify(Role role, String error) {
        return TABLE.stream()
                .filter(row -> row.texts().containsKey(role) && row.texts().get(role).matcher(error).matches())
                .map(Row::reason)
                .findFirst();
    }

    /** The codes upstream can give in {@code role}, in table order. */
    public static List<ReasonCode> reasons(Role role) {
        return TABLE.stream().filter(row -> row.texts().containsKey(role)).map(Row::reason).toList();
    }

    private static Map<Role, String> within(Map<Role, String> contexts, String text) {
        Map<Role, String> texts = new EnumMap<>(Role.class);
        contexts.forEach((role, context) -> texts.put(role, context + text));
        return texts;
    }

    private static Row row(ReasonCode reason, Map<Role, String> texts) {
        Map<Role, Pattern> patterns = new EnumMap<>(Role.class);
        texts.forEach((role, text) -> patterns.put(role, Pattern.compile(text)));
        return new Row(reason, Map.copyOf(patterns));
    }
}
