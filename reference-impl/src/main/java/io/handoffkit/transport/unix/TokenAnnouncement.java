package io.handoffkit.transport.unix;

import io.handoffkit.token.Token;
import java.io.IOException;

/**
 * How the broker tells the client its handoff token (brief §1 step 2: {@code Negotiated{handle_passed_token}}),
 * called with the freshly issued token right before the descriptor is sent. The kit does not fix
 * how Hello and its reply are framed; the broker that embeds the reference does. A failure here is
 * a failed send: the descriptor is not sent and the handoff falls back.
 */
@FunctionalInterface
public interface TokenAnnouncement {

    void announce(Token token) throws IOException;

    /** For brokers whose clients learn the token some other way. */
    static TokenAnnouncement none() {
        return token -> { };
    }
}
