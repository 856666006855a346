package io.handoffkit.conformance.runner.report;

import io.handoffkit.proto.v1.Frame;
import io.handoffkit.proto.v1.FrameKind;
import io.handoffkit.proto.v1.HandoffAck;
import io.handoffkit.wire.Decoding;
import io.handoffkit.wire.Envelope;
import io.handoffkit.wire.FrameReader;
import io.handoffkit.wire.Framing;
import io.handoffkit.wire.Verdict;
import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * The decoded fields of a {@code HandoffAck} frame (an ACK, or a ready relay) the runner received,
 * for the reports to show next to its hex dump: a reader sees at once what the implementation
 * answered instead of decoding the bytes by hand. Any role's transcript can hold one.
 */
public final class AckFields {

    private AckFields() {}

    /** One line per field, when {@code received} starts with a handoff frame carrying a HandoffAck; else empty. */
    public static Optional<List<String>> of(byte[] received) {
        Verdict<Frame> read = FrameReader.read(new ByteArrayInputStream(received), Framing.MAX_FRAME_BYTES)
                .then(body -> Decoding.frame(body, "HandoffAck"));
        if (!(read instanceof Verdict.Accepted<Frame> f) || f.value().getPayloadProtocol() != Envelope.HANDOFF_PAYLOAD_PROTOCOL
                || !(f.value().getKind() == FrameKind.FRAME_KIND_RESPONSE || f.value().getKind() == FrameKind.FRAME_KIND_EVENT)) {
            return Optional.empty();
        }
        Frame frame = f.value();
        if (!(Decoding.ack(frame.getPayload()) instanceof Verdict.Accepted<HandoffAck> a)) {
            return Optional.empty();
        }
        HandoffAck ack = a.value();
        List<String> lines = new ArrayList<>();
        lines.add("HandoffAck in a " + frame.getKind().name().replace("FRAME_KIND_", "") + " frame");
        lines.add("accepted: " + ack.getAccepted());
        lines.add("error_detail: " + (ack.getErrorDetail().isEmpty() ? "(empty)" : "\"" + ack.getErrorDetail() + "\""));
        lines.add("token: " + (ack.getToken().isEmpty() ? "(empty)" : HexFormat.of().formatHex(ack.getToken().toByteArray())
                + " (" + ack.getToken().size() + " bytes)"));
        lines.add("correlation_id: " + Long.toUnsignedString(ack.getCorrelationId()));
        lines.add("frame: envelope_version " + frame.getEnvelopeVersion() + ", request_id " + Long.toUnsignedString(frame.getRequestId())
                + ", payload_encoding " + frame.getPayloadEncoding().name().replace("PAYLOAD_ENCODING_", "")
                + (frame.getDeadlineUnixMs() != 0 ? ", deadline_unix_ms " + frame.getDeadlineUnixMs() : "")
                + (frame.getTraceparent().isEmpty() && frame.getTracestate().isEmpty() ? "" : ", trace context set"));
        return Optional.of(lines);
    }
}
