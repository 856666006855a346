package io.handoffkit.broker;

import io.handoffkit.proto.v1.Frame;
import io.handoffkit.proto.v1.Hello;
import io.handoffkit.proto.v1.HelloReply;
import io.handoffkit.proto.v1.Negotiated;
import io.handoffkit.proto.v1.Refused;
import io.handoffkit.token.Token;
import io.handoffkit.wire.ControlFrames;
import java.util.Optional;

/**
 * The broker's answers to a Hello (SPEC §11): {@code Negotiated} with the token and capability
 * bit 0 together or neither (NEG-2, NEG-3), the connection id that will correlate the handoff
 * (NEG-4), or {@code Refused} (HELLO-12); each in its reply frame (NEG-1).
 */
public final class HelloNegotiation {

    /** Capability bit 0 (value 1): handle passing, in {@code client_capabilities} and {@code server_capabilities}. */
    public static final long HANDLE_PASSING = 1L;

    /** The keepalive interval a broker proposes when the client proposes none (upstream's 30 minutes). */
    public static final long DEFAULT_KEEPALIVE_SECS = 30 * 60;

    private HelloNegotiation() {}

    /** True when the Hello asks for handle passing (HELLO-3). */
    public static boolean asksForHandlePassing(Hello hello) {
        return (hello.getClientCapabilities() & HANDLE_PASSING) != 0;
    }

    /**
     * Negotiated for {@code hello}: with {@code token} the handle-passing token and bit 0, without
     * it neither (NEG-3). A token may only be given for a Hello that asked for handle passing.
     */
    public static Negotiated negotiated(Hello hello, long connectionId, String backendPipe, Optional<Token> token) {
        if (token.isPresent() && !asksForHandlePassing(hello)) {
            throw new IllegalArgumentException("NEG-3: a token only for a Hello with capability bit 0");
        }
        if (backendPipe.isEmpty()) {
            throw new IllegalArgumentException("NEG-2: backend_pipe must not be empty");
        }
        Negotiated.Builder negotiated = Negotiated.newBuilder()
                .setNegotiatedProtocol(HelloCheck.PROTOCOL)
                .setBackendPipe(backendPipe)
                .setKeepaliveIntervalSecs(hello.getClientKeepaliveSecs() == 0 ? DEFAULT_KEEPALIVE_SECS : hello.getClientKeepaliveSecs())
                .setConnectionId(connectionId);
        token.ifPresent(t -> negotiated.setHandlePassedToken(t.toByteString()).setServerCapabilities(HANDLE_PASSING));
        return negotiated.build();
    }

    /** Refused for {@code refusal}: its code and reason, daemon protocol range 1..1, no retry hint (HELLO-12). */
    public static Refused refused(HelloRefusal refusal) {
        return Refused.newBuilder()
                .setReason(refusal.reason())
                .setDaemonMinProtocol(HelloCheck.PROTOCOL)
                .setDaemonMaxProtocol(HelloCheck.PROTOCOL)
                .setCode(refusal.code())
                .build();
    }

    /** The reply frame of a Negotiated answering {@code hello} (NEG-1). */
    public static Frame reply(Negotiated negotiated, Frame hello) {
        return ControlFrames.reply(HelloReply.newBuilder().setNegotiated(negotiated).build(), Optional.of(hello));
    }

    /** The reply frame of a refusal; {@code hello} is the Hello frame when it decoded (NEG-1). */
    public static Frame reply(HelloVerdict.Refused refused) {
        return ControlFrames.reply(HelloReply.newBuilder().setRefused(refused(refused.refusal())).build(), refused.frame());
    }
}
