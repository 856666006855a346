package io.handoffkit.backend;

import io.handoffkit.proto.v1.HandoffAck;
import io.handoffkit.token.Token;
import io.handoffkit.token.TokenStore;
import io.handoffkit.wire.Rejection;
import io.handoffkit.wire.Verdict;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Optional;

/** The backend's serve step for one handoff: read the offer, judge the token, write the ACK (SPEC §7 backend). */
public final class OfferExchange {

    private OfferExchange() {}

    public static OfferOutcome serve(InputStream in, OutputStream out, TokenStore store, Token expected, long now)
            throws IOException {
        Verdict<OfferReceived> read = OfferReader.read(in);
        if (read instanceof Verdict.Rejected<OfferReceived> r) {
            return new OfferOutcome.Malformed(r.rejection());
        }
        OfferReceived received = ((Verdict.Accepted<OfferReceived>) read).value();
        Optional<Rejection> judgement =
                TokenJudgement.judge(store, expected, received.offer().getToken(), now);
        HandoffAck ack = AckWriter.answer(received.offer(), judgement);
        AckWriter.write(out, ack);
        return new OfferOutcome.Answered(received, ack, judgement);
    }
}
