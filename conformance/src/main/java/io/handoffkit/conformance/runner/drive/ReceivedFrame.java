package io.handoffkit.conformance.runner.drive;

import io.handoffkit.proto.v1.Frame;
import java.time.Duration;

/** What came back when the runner read one frame from a connection: a frame, the end of the connection, nothing, or garbage. */
public sealed interface ReceivedFrame {

    /** How long after the exchange began the frame came (or the wait ended). */
    Duration after();

    /** A complete frame that decodes as a {@code Frame} (its payload is the driver's to decode). */
    record Decoded(byte[] wire, Frame frame, Duration after) implements ReceivedFrame {

        public Decoded {
            wire = wire.clone();
        }

        @Override
        public byte[] wire() {
            return wire.clone();
        }
    }

    /** The peer closed the connection before a byte of a frame (end of stream or reset). */
    record Closed(String how, Duration after) implements ReceivedFrame {}

    /** Nothing at all within the wait. */
    record Silent(Duration after) implements ReceivedFrame {}

    /** Bytes that are not a decodable frame (or a frame cut short). */
    record Garbage(byte[] bytes, String why, Duration after) implements ReceivedFrame {

        public Garbage {
            bytes = bytes.clone();
        }
    }
}
