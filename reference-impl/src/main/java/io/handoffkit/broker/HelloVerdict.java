package io.handoffkit.broker;

import io.handoffkit.proto.v1.Frame;
import io.handoffkit.proto.v1.Hello;
import java.util.Objects;
import java.util.Optional;

/** What the broker's check made of a client's Hello (HELLO-11): negotiate, or refuse. */
public sealed interface HelloVerdict {

    /** A well-formed Hello for the served service: answer with Negotiated (NEG-2). */
    record Accepted(Frame frame, Hello hello) implements HelloVerdict {
        public Accepted {
            Objects.requireNonNull(frame, "frame");
            Objects.requireNonNull(hello, "hello");
        }
    }

    /**
     * Answer with Refused (HELLO-12). {@code frame} is the Hello frame when it decoded, so the reply
     * can echo its request id and trace context (NEG-1).
     */
    record Refused(HelloRefusal refusal, Optional<Frame> frame) implements HelloVerdict {
        public Refused {
            Objects.requireNonNull(refusal, "refusal");
            Objects.requireNonNull(frame, "frame");
        }
    }
}
