package io.handoffkit.backend;

import io.handoffkit.proto.v1.HandoffAck;
import io.handoffkit.proto.v1.HandoffOffer;
import io.handoffkit.wire.FrameWriter;
import io.handoffkit.wire.HandoffFrames;
import io.handoffkit.wire.Rejection;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Optional;

/**
 * The backend's answer to a decodable offer (OFFER-6): it always echoes the
 * presented token bytes and the correlation id, accepted with an empty
 * detail or refused with the judgement's detail.
 */
public final class AckWriter {

    private AckWriter() {}

    public static HandoffAck answer(HandoffOffer offer, Optional<Rejection> judgement) {
        return HandoffAck.newBuilder()
                .setToken(offer.getToken())
                .setCorrelationId(offer.getCorrelationId())
                .setAccepted(judgement.isEmpty())
                .setErrorDetail(judgement.map(Rejection::detail).orElse(""))
                .build();
    }

    public static void write(OutputStream out, HandoffAck ack) throws IOException {
        FrameWriter.write(out, HandoffFrames.ack(ack));
    }
}
