package io.handoffkit.conformance.runner.drive.clientbackend;

import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * One exchange of the runner as client and backend: the Hello bytes it sends on {@code {socket}},
 * how it answers a handoff that comes to {@code {backend}}, and what it then does with the copy of
 * the client's connection it received.
 *
 * @param hello the bytes sent on a fresh client connection (a Hello frame, or not)
 * @param helloNote one line for the transcript
 * @param answer the backend's reply to the offer it read
 * @param after what the runner does with its received copy once it answered
 * @param secondHello a Hello another client sends while the runner, as the backend, has not answered yet (BROKER-7)
 * @param delivery how the Hello's bytes go out
 */
public record Exchange(byte[] hello, String helloNote, Function<Offered, Reply> answer, Copy after, Optional<byte[]> secondHello,
                       Delivery delivery) {

    /** How the runner sends the Hello. */
    public enum Delivery {
        /** In one write (an oversized one header first, see the driver). */
        WHOLE,
        /** Its first half, then the end of the runner's sending side (HELLO-4: a stream that ends before the frame is complete). */
        CUT_SHORT,
        /** One byte at a time, the whole taking twice the broker's Hello bound, until the broker answers or closes (BPROFILE-5). */
        TRICKLED
    }

    /** What the runner does with the received copy of the client's connection. */
    public enum Copy {
        /** A handoff that should complete: keep it, expect the relay, probe, then drop it (BROKER-5). */
        KEEP_FOR_RELAY,
        /** A handoff that should fall back: drop it at once, then expect no byte and end of stream (BPROFILE-3). */
        DROP,
        /**
         * A handoff that should fall back, checked for hygiene: keep it until the broker closed the
         * handoff stream, check the connection was not shut down (a probe crosses), then drop it
         * and expect end of stream (BROKER-6).
         */
        KEEP_TO_PROBE
    }

    public Exchange {
        hello = hello.clone();
        Objects.requireNonNull(helloNote, "helloNote");
        Objects.requireNonNull(answer, "answer");
        Objects.requireNonNull(after, "after");
        Objects.requireNonNull(secondHello, "secondHello");
        Objects.requireNonNull(delivery, "delivery");
    }

    public Exchange(byte[] hello, String helloNote, Function<Offered, Reply> answer, Copy after) {
        this(hello, helloNote, answer, after, Optional.empty(), Delivery.WHOLE);
    }

    /** The same, with another client's Hello sent while the backend has not answered yet. */
    public Exchange withSecondHello(byte[] second) {
        return new Exchange(hello, helloNote, answer, after, Optional.of(second.clone()), delivery);
    }

    /** The same, with the Hello sent so. */
    public Exchange delivered(Delivery how) {
        return new Exchange(hello, helloNote, answer, after, secondHello, how);
    }

    @Override
    public byte[] hello() {
        return hello.clone();
    }
}
