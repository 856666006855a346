package io.handoffkit.broker;

import io.handoffkit.proto.v1.ErrorCode;
import java.util.Objects;

/**
 * Why a broker refuses a Hello: the {@link ErrorCode} the {@code Refused} reply carries, the
 * SPEC.md requirement that decides it (HELLO-4..HELLO-10), and a reason for the reply's text.
 */
public record HelloRefusal(ErrorCode code, String requirement, String reason) {

    public HelloRefusal {
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(requirement, "requirement");
        Objects.requireNonNull(reason, "reason");
        if (reason.isEmpty()) {
            throw new IllegalArgumentException("a refusal has a reason (HELLO-12)");
        }
    }

    @Override
    public String toString() {
        return code + " (" + requirement + "): " + reason;
    }
}
