package io.handoffkit.backend;

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
        OfferOutcome outcome = judge(in, store, expected, now);
        if (outcome instanceof OfferOutcome.Answered answered) {
            AckWriter.write(out, answered.ack());
        }
        return outcome;
    }

    /**
     * Read the offer and judge its token; an answered offer's ACK is built but not yet written, for a
     * caller that must act before the broker can read it (and replay the handoff), then writes it
     * with {@link AckWriter#write}.
     */
    public static OfferOutcome judge(InputStream in, TokenStore store, Token expected, long now) {
        Verdict<OfferReceived> read = OfferReader.read(in);
        if (read instanceof Verdict.Rejected<OfferReceived> r) {
            return new OfferOutcome.Malformed(r.rejection());
        }
        OfferReceived received = ((Verdict.Accepted<OfferReceived>) read).value();
        Optional<Rejection> judgement =
                TokenJudgement.judge(store, expected, received.offer().getToken(), now);
        return new OfferOutcome.Answered(received, AckWriter.answer(received.offer(), judgement), judgement);
    }
}
