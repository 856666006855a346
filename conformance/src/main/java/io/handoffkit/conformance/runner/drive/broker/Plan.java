package io.handoffkit.conformance.runner.drive.broker;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * What the runner sends on one handoff connection, playing the broker: the sideband message
 * ({@code sideband} data bytes carrying {@code descriptors} client connections in one
 * {@code SCM_RIGHTS} message), then the offer bytes, delivered as {@code delivery} says.
 */
public record Plan(byte[] sideband, int descriptors, byte[] offer, Delivery delivery, Optional<Echo> echo) {

    /** How the offer bytes go out. */
    public sealed interface Delivery {
        /** All of them; the connection stays open while the runner waits for the answer. */
        record Whole() implements Delivery {}

        /** All of them, then the runner shuts its sending side down (the backend reads end of stream after them). */
        record WholeThenEnd() implements Delivery {}

        /** The first {@code bytes} of them, then nothing while the connection stays open. */
        record PartThenSilence(int bytes) implements Delivery {}

        /**
         * The first {@code bytes} of them, a pause, then the end of the stream mid-frame: the runner
         * ends its sending side, so that it sees the backend close its end once it has dealt with the handoff.
         */
        record PartThenClose(int bytes, Duration pause) implements Delivery {}

        /** One byte every {@code interval}, until the backend reacts or the wait ends. */
        record Trickle(Duration interval) implements Delivery {}
    }

    /** After an accepted ACK: echo {@code bytes} bytes through the adopted connection, then end it and expect the echo's end. */
    public record Echo(int bytes) {}

    public Plan {
        sideband = sideband.clone();
        offer = offer.clone();
        Objects.requireNonNull(delivery, "delivery");
        Objects.requireNonNull(echo, "echo");
        if (descriptors < 0 || descriptors > 2) {
            throw new IllegalArgumentException("0, 1 or 2 descriptors");
        }
    }

    /** The usual handoff: 16 token bytes with one descriptor, then the whole offer. */
    public static Plan handoff(byte[] token, byte[] offer) {
        return new Plan(token, 1, offer, new Delivery.Whole(), Optional.empty());
    }

    public Plan delivered(Delivery d) {
        return new Plan(sideband, descriptors, offer, d, echo);
    }

    public Plan withDescriptors(int n) {
        return new Plan(sideband, n, offer, delivery, echo);
    }

    public Plan withEcho(int bytes) {
        return new Plan(sideband, descriptors, offer, delivery, Optional.of(new Echo(bytes)));
    }

    @Override
    public byte[] sideband() {
        return sideband.clone();
    }

    @Override
    public byte[] offer() {
        return offer.clone();
    }
}
