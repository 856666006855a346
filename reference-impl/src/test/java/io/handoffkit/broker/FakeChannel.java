package io.handoffkit.broker;

import io.handoffkit.proto.v1.HandoffAck;
import io.handoffkit.proto.v1.HandoffOffer;
import io.handoffkit.time.Clock;
import io.handoffkit.token.Token;
import io.handoffkit.wire.HandoffFrames;
import io.handoffkit.wire.Verdict;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The offer/ACK half of a fake transport: scripted answers, every call logged in order. */
abstract class FakeChannel implements BackendChannel {

    @FunctionalInterface
    interface OfferWrite {
        void write(HandoffOffer offer) throws IOException;
    }

    @FunctionalInterface
    interface AckAnswer {
        Verdict<AckReceived> answer(Token token, long correlationId, long deadlineNanos);
    }

    final List<String> calls = new ArrayList<>();
    OfferWrite onOffer = offer -> {};
    AckAnswer onAwait;
    Optional<HandoffOffer> offerWritten = Optional.empty();
    Optional<Long> deadlineAwaited = Optional.empty();

    FakeChannel(Clock clock) {
        // a well-behaved backend: accepts at once, echoing token and correlation id
        onAwait = (token, correlationId, deadline) -> Verdict.accept(acceptedAck(token, correlationId, clock.nanos()));
    }

    static AckReceived acceptedAck(Token token, long correlationId, long observedAt) {
        HandoffAck ack = HandoffAck.newBuilder()
                .setToken(token.toByteString())
                .setAccepted(true)
                .setCorrelationId(correlationId)
                .build();
        return new AckReceived(HandoffFrames.ack(ack), ack, observedAt);
    }

    @Override
    public void writeOffer(HandoffOffer offer) throws IOException {
        calls.add("writeOffer");
        offerWritten = Optional.of(offer);
        onOffer.write(offer);
    }

    @Override
    public Verdict<AckReceived> awaitAck(Token token, long correlationId, long deadlineNanos) {
        calls.add("awaitAck");
        deadlineAwaited = Optional.of(deadlineNanos);
        return onAwait.answer(token, correlationId, deadlineNanos);
    }
}
