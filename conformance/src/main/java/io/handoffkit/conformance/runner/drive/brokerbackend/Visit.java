package io.handoffkit.conformance.runner.drive.brokerbackend;

import io.handoffkit.conformance.runner.drive.ReceivedFrame;
import io.handoffkit.proto.v1.Hello;
import io.handoffkit.proto.v1.Negotiated;
import java.time.Duration;
import java.util.Optional;

/**
 * What the runner, as broker and backend pipe, observed of one session of the client under test.
 *
 * @param dialled whether the client dialled {@code {socket}} within the bound
 * @param hello the Hello frame as read (empty when the client never dialled)
 * @param decodedHello its {@code Hello}, when it decoded
 * @param negotiated the {@code Negotiated} the runner sent, if it sent one
 * @param probe where the agreed probe arrived, and what came
 * @param helloClosed how long after the reply the client closed the Hello connection, if it did while the runner watched
 */
public record Visit(boolean dialled, Optional<ReceivedFrame> hello, Optional<Hello> decodedHello, Optional<Negotiated> negotiated,
                    Probe probe, Optional<Duration> helloClosed) {

    /** Where the probe arrived. */
    public enum Where {
        /** On the handed-off Hello connection, through the runner's backend end. */
        ADOPTED,
        /** On a connection to {@code {backend}}, the backend pipe. */
        PIPE,
        /** On the Hello connection, which the runner had not handed off. */
        HELLO,
        /** Nowhere within the bound. */
        NOWHERE
    }

    /**
     * @param where the connection the probe came on (the first one written to)
     * @param bytes what came there first
     * @param after how long after the reply it came (for {@link Where#PIPE}: when the client dialled)
     * @param echo empty when the bytes the runner wrote afterwards came back in order (the backend's
     *     early bytes included); else what went wrong
     * @param dials how many connections the client made to {@code {backend}}
     */
    public record Probe(Where where, byte[] bytes, Duration after, Optional<String> echo, int dials) {

        public Probe {
            bytes = bytes.clone();
        }

        @Override
        public byte[] bytes() {
            return bytes.clone();
        }

        static Probe nowhere(Duration after, int dials) {
            return new Probe(Where.NOWHERE, new byte[0], after, Optional.of("no probe"), dials);
        }
    }

    static Visit noDial() {
        return new Visit(false, Optional.empty(), Optional.empty(), Optional.empty(), Probe.nowhere(Duration.ZERO, 0), Optional.empty());
    }
}
