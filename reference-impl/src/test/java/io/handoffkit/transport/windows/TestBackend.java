package io.handoffkit.transport.windows;

import io.handoffkit.backend.AckWriter;
import io.handoffkit.backend.OfferReader;
import io.handoffkit.backend.OfferReceived;
import io.handoffkit.backend.TokenJudgement;
import io.handoffkit.proto.v1.HandoffAck;
import io.handoffkit.proto.v1.HandoffOffer;
import io.handoffkit.token.Token;
import io.handoffkit.token.TokenStore;
import io.handoffkit.wire.Rejection;
import io.handoffkit.wire.Verdict;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * The backend half of a Windows handoff, built from the reference backend classes only:
 * read the offer (OfferReader), judge the token (TokenJudgement), answer (AckWriter).
 * Windows carries no sideband, so the test decides which token the backend expects.
 */
final class TestBackend {

    /** What the backend saw and said. */
    record Served(HandoffOffer offer, HandoffAck ack) {}

    private TestBackend() {}

    /** Serve one offer on another thread; {@code expected} maps the presented token to the one this backend expects. */
    static CompletableFuture<Served> serveOne(InputStream in, OutputStream out, Function<Token, Token> expected) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                Verdict<OfferReceived> read = OfferReader.read(in);
                if (!(read instanceof Verdict.Accepted<OfferReceived> accepted)) {
                    throw new AssertionError("backend could not read the offer: " + read);
                }
                HandoffOffer offer = accepted.value().offer();
                Token presented = Token.of(offer.getToken()).orElseThrow();
                TokenStore store = new TokenStore();
                Token expect = expected.apply(presented);
                store.register(expect, 0);
                Optional<Rejection> judgement = TokenJudgement.judge(store, expect, offer.getToken(), 0);
                HandoffAck ack = AckWriter.answer(offer, judgement);
                AckWriter.write(out, ack);
                return new Served(offer, ack);
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
    }
}
