package io.handoffkit.broker;

import io.handoffkit.time.Clock;
import io.handoffkit.token.Token;
import java.util.Optional;
import java.util.function.Function;

final class FakeUnixTransport extends FakeChannel implements UnixHandoffTransport {

    Function<Token, SendResult> onSend = token -> new SendResult.Sent();
    Optional<Token> tokenSent = Optional.empty();

    FakeUnixTransport(Clock clock) {
        super(clock);
    }

    @Override
    public SendResult sendDescriptor(Token token) {
        calls.add("sendDescriptor");
        tokenSent = Optional.of(token);
        return onSend.apply(token);
    }
}
