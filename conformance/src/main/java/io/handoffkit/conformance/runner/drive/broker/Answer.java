package io.handoffkit.conformance.runner.drive.broker;

import io.handoffkit.conformance.runner.model.Durations;
import io.handoffkit.proto.v1.Frame;
import io.handoffkit.proto.v1.HandoffAck;
import java.time.Duration;
import java.util.Optional;

/** What the backend did on the handoff connection after the runner's offer (or part of one). */
public sealed interface Answer {

    /** How long after the runner's last byte the answer came (or the wait ended). */
    Duration after();

    /** A complete frame that decodes as a {@code Frame}; {@code ack} when its payload decodes as a {@code HandoffAck}. */
    record Ack(byte[] wire, Frame frame, Optional<HandoffAck> ack, Duration after) implements Answer {

        public Ack {
            wire = wire.clone();
        }

        @Override
        public byte[] wire() {
            return wire.clone();
        }

        public boolean accepted() {
            return ack.map(HandoffAck::getAccepted).orElse(false);
        }
    }

    /** The backend closed the handoff connection without writing anything (end of stream or reset). */
    record Closed(String how, Duration after) implements Answer {}

    /** Nothing at all within the wait. */
    record Silent(Duration after) implements Answer {}

    /** Bytes that are not a decodable frame (or a frame cut short). */
    record Garbage(byte[] bytes, String why, Duration after) implements Answer {

        public Garbage {
            bytes = bytes.clone();
        }
    }

    /** The runner ended the handoff stream itself (the scenario cuts it mid-frame). */
    record RunnerClosed(Duration after) implements Answer {}

    /** A one-line account for case messages. */
    default String describe() {
        if (this instanceof Ack a) {
            return a.ack().map(ack -> "an ACK (accepted=" + ack.getAccepted()
                    + (ack.getErrorDetail().isEmpty() ? "" : ", error_detail \"" + ack.getErrorDetail() + "\"") + ")")
                    .orElse("a frame whose payload is not a HandoffAck");
        }
        if (this instanceof Closed c) {
            return "no ACK: the backend closed the handoff connection (" + c.how() + ") after " + Durations.format(c.after());
        }
        if (this instanceof Silent s) {
            return "nothing: no ACK and the connection still open after " + Durations.format(s.after());
        }
        if (this instanceof Garbage g) {
            return g.bytes().length + " bytes that are not an ACK frame (" + g.why() + ")";
        }
        return "the runner closed the handoff connection itself";
    }
}
