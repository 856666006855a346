package io.handoffkit.backend;

import io.handoffkit.proto.v1.Frame;
import io.handoffkit.proto.v1.FrameKind;
import io.handoffkit.proto.v1.HandoffOffer;
import io.handoffkit.wire.Decoding;
import io.handoffkit.wire.Envelope;
import io.handoffkit.wire.FrameReader;
import io.handoffkit.wire.Framing;
import io.handoffkit.wire.ReasonCode;
import io.handoffkit.wire.Verdict;
import java.io.InputStream;

/**
 * The backend's read of one offer, in the fixed order of OFFER-1: frame,
 * decode Frame, envelope (REQUEST), decode HandoffOffer, correlation. Any
 * rejection here means: no ACK, drop the connection, close the descriptor (OFFER-3).
 */
public final class OfferReader {

    private OfferReader() {}

    public static Verdict<OfferReceived> read(InputStream in) {
        return FrameReader.read(in, Framing.MAX_FRAME_BYTES)
                .then(body -> Decoding.frame(body, "HandoffOffer"))
                .then(OfferReader::check);
    }

    /** The checks after framing, for callers that already hold a decoded Frame. */
    public static Verdict<OfferReceived> check(Frame frame) {
        var envelope = Envelope.validate(frame, FrameKind.FRAME_KIND_REQUEST);
        if (envelope.isPresent()) {
            return Verdict.reject(envelope.get());
        }
        return Decoding.offer(frame.getPayload()).then(offer -> correlated(frame, offer));
    }

    private static Verdict<OfferReceived> correlated(Frame frame, HandoffOffer offer) {
        if (frame.getRequestId() != offer.getCorrelationId()) {
            return Verdict.reject(ReasonCode.OFFER_CORRELATION, "OFFER-2",
                    "frame request_id does not match HandoffOffer correlation_id");
        }
        return Verdict.accept(new OfferReceived(frame, offer));
    }
}
