package io.handoffkit.conformance.runner.drive.brokerbackend;

import io.handoffkit.proto.v1.ErrorCode;
import io.handoffkit.proto.v1.Negotiated;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Function;

/**
 * One session the runner plays against a client under test (SPEC.md Appendix C): how it answers the
 * Hello, what it writes on the Hello connection afterwards, and whether it expects the agreed probe.
 *
 * @param what one line for the transcript
 * @param reply the answer to the Hello
 * @param relay what follows a {@code Negotiated}
 * @param expectsProbe whether the client should end up on a connection (then the runner watches until
 *     the probe comes or the bound passes); otherwise it watches until the client closed the Hello
 *     connection and a short grace passed without a dial
 */
public record Session(String what, Reply reply, Relay relay, boolean expectsProbe) {

    public Session {
        Objects.requireNonNull(what, "what");
        Objects.requireNonNull(reply, "reply");
        Objects.requireNonNull(relay, "relay");
    }

    /** The runner's answer to the Hello. */
    public sealed interface Reply {

        /** {@code Negotiated} with protocol 1; {@code token}: a fresh 16-byte token; {@code bit0}: capability bit 0; {@code pipe}: backend_pipe set. */
        record Negotiate(boolean token, boolean bit0, boolean pipe) implements Reply {}

        /** {@code Refused} with {@code code}. */
        record Refuse(ErrorCode code) implements Reply {}

        /** A reply frame with a defect: the valid {@code Negotiated} reply's wire bytes, changed. */
        record Broken(String what, Function<byte[], byte[]> change) implements Reply {}

        /** A handoff: Negotiated with bit 0, a token and the backend pipe. */
        static Reply handoff() {
            return new Negotiate(true, true, true);
        }
    }

    /**
     * What the runner writes on the Hello connection after {@code Negotiated}.
     *
     * @param handOff whether the runner, as broker, passes the connection to its backend end first
     *     (SCM_RIGHTS) and drops its broker copy after the bytes
     * @param bytes the bytes the broker writes (a relay, a defective one, nothing)
     * @param delay how long after {@code Negotiated} they are written
     * @param end whether the connection is then ended for the client (every runner copy closed)
     * @param greeting the service bytes of the backend right behind them (written with the relay, so they reach the client in the same receive)
     */
    public record Relay(String what, boolean handOff, Function<Negotiated, byte[]> bytes, Duration delay, boolean end, byte[] greeting) {

        public Relay {
            Objects.requireNonNull(what, "what");
            Objects.requireNonNull(bytes, "bytes");
            Objects.requireNonNull(delay, "delay");
            greeting = greeting.clone();
        }

        /** Nothing after {@code Negotiated}, the connection left open (no handoff). */
        public static Relay none() {
            return new Relay("nothing", false, n -> new byte[0], Duration.ZERO, false, new byte[0]);
        }

        /** A handoff, then {@code bytes} on the Hello connection. */
        public static Relay after(String what, Function<Negotiated, byte[]> bytes) {
            return new Relay(what, true, bytes, Duration.ZERO, false, new byte[0]);
        }

        public Relay delayed(Duration d) {
            return new Relay(what + " after " + d.toMillis() + " ms", handOff, bytes, d, end, greeting);
        }

        public Relay thenEnd() {
            return new Relay(what + ", then end of stream", handOff, bytes, delay, true, greeting);
        }

        public Relay withGreeting(byte[] g) {
            return new Relay(what + ", service bytes right behind it", handOff, bytes, delay, end, g);
        }

        /** No handoff, no byte, then end of stream. */
        public static Relay endOfStream() {
            return new Relay("end of stream before any relay", false, n -> new byte[0], Duration.ZERO, true, new byte[0]);
        }
    }
}
