package io.handoffkit.conformance.upstream;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.handoffkit.conformance.verdict.Role;
import io.handoffkit.wire.ReasonCode;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Upstream's rejection texts map to the kit's reason codes by whole text and role, and nothing else is guessed. */
@DisplayName("Upstream 4.5.5's error texts as reason codes")
class UpstreamErrorsTest {

    private static final String ACK = "backend handoff ACK was not observed: ";

    private record Sample(Role role, String text, ReasonCode reason) {}

    /** One text per reason code, as oracle-vectors reports them (numbers vary). */
    private static final List<Sample> SAMPLES = List.of(
            new Sample(Role.BACKEND_OFFER, "unsupported framing version: got 2, expected 1", ReasonCode.FRAMING_VERSION),
            new Sample(Role.BROKER_ACK, ACK + "failed to read HandoffAck frame: frame body too large: 16777217 bytes exceeds cap 16777216",
                    ReasonCode.FRAME_TOO_LARGE),
            new Sample(Role.CLIENT_RELAY, "failed to read handoff-ready frame: unexpected EOF while reading frame (framing byte)",
                    ReasonCode.TRUNCATED_FRAMING_BYTE),
            new Sample(Role.BACKEND_OFFER, "unexpected EOF while reading frame (body length header)", ReasonCode.TRUNCATED_LENGTH),
            new Sample(Role.BROKER_ACK, ACK + "failed to read HandoffAck frame: unexpected EOF while reading frame (frame body)",
                    ReasonCode.TRUNCATED_BODY),
            new Sample(Role.BACKEND_OFFER, "I/O error: read deadline passed", ReasonCode.IO),
            new Sample(Role.BACKEND_OFFER, "failed to decode HandoffOffer Frame: failed to decode Protobuf message: invalid key value: 30064771080",
                    ReasonCode.FRAME_UNDECODABLE),
            new Sample(Role.CLIENT_RELAY, "failed to decode handoff-ready HandoffAck payload", ReasonCode.PAYLOAD_UNDECODABLE),
            new Sample(Role.BROKER_ACK, ACK + "unexpected HandoffAck frame: envelope_version is not v1", ReasonCode.ENVELOPE_VERSION),
            new Sample(Role.CLIENT_RELAY, "kind is not EVENT", ReasonCode.KIND),
            new Sample(Role.BACKEND_OFFER, "unexpected HandoffOffer frame: payload_protocol is not handoff", ReasonCode.PAYLOAD_PROTOCOL),
            new Sample(Role.CLIENT_RELAY, "payload is compressed", ReasonCode.COMPRESSED),
            new Sample(Role.BACKEND_OFFER, "unexpected HandoffOffer frame: frame request_id does not match HandoffOffer correlation_id",
                    ReasonCode.OFFER_CORRELATION),
            new Sample(Role.BROKER_ACK, ACK + "HandoffAck frame request_id 7 does not match correlation id 300", ReasonCode.ACK_FRAME_CORRELATION),
            new Sample(Role.BROKER_ACK, ACK + "HandoffAck correlation id 7 does not match offer correlation id 300", ReasonCode.ACK_CORRELATION),
            new Sample(Role.CLIENT_RELAY, "handoff-ready token echo does not match the negotiated token", ReasonCode.TOKEN_ECHO),
            new Sample(Role.BROKER_ACK, ACK + "backend refused the handoff: handoff token mismatch", ReasonCode.REFUSED),
            new Sample(Role.BROKER_ACK, ACK + "backend HandoffAck arrived after the ACK deadline", ReasonCode.LATE),
            new Sample(Role.BACKEND_OFFER, "handoff token is missing", ReasonCode.TOKEN_MISSING),
            new Sample(Role.BACKEND_OFFER, "handoff token length was 15 bytes; expected 16", ReasonCode.TOKEN_LENGTH),
            new Sample(Role.BACKEND_OFFER, "handoff token is not pending", ReasonCode.TOKEN_NOT_PENDING),
            new Sample(Role.BACKEND_OFFER, "handoff token expired", ReasonCode.TOKEN_EXPIRED),
            new Sample(Role.BACKEND_OFFER, "handoff token mismatch", ReasonCode.TOKEN_MISMATCH));

    @Test
    @DisplayName("every reason code of SPEC.md has an upstream text, and each sample text maps to its code")
    void everyReasonCodeHasAnUpstreamText() {
        for (Sample s : SAMPLES) {
            assertEquals(Optional.of(s.reason()), UpstreamErrors.classify(s.role(), s.text()), s.role() + ": " + s.text());
        }
        Set<ReasonCode> covered = SAMPLES.stream().map(Sample::reason).collect(Collectors.toCollection(() -> EnumSet.noneOf(ReasonCode.class)));
        assertEquals(EnumSet.allOf(ReasonCode.class), covered);
    }

    @ParameterizedTest(name = "{0}: \"{1}\"")
    @CsvSource(delimiter = '|', textBlock = """
            backend-offer | handoff token store error: handoff token pending limit reached (1024)
            client-relay  | failed to read handoff-ready frame
            backend-offer | kind is not EVENT
            broker-ack    | HandoffAck token echo does not match the offered token
            client-relay  | unexpected EOF while reading frame (frame body)
            broker-ack    | backend handoff ACK was not observed: failed to read HandoffAck frame: failed to decode Frame body: x
            """)
    @DisplayName("a text no row of the role matches entirely is unclassified, never mapped to the nearest code")
    void unknownTextIsUnclassified(String role, String text) {
        assertEquals(Optional.empty(), UpstreamErrors.classify(Role.byId(role).orElseThrow(), text));
    }
}
