package io.handoffkit.conformance.upstream;

import io.handoffkit.wire.ReasonCode;

/**
 * What upstream 4.5.5's own code decided about one byte string read by a role, as {@link OracleVectors}
 * reports it: accepted, rejected with upstream's error text and the kit's reason code for it (from
 * {@link UpstreamErrors}), rejected with a text the kit cannot classify, or not askable at all (the
 * role's inputs cannot be expressed to {@code oracle-vectors}). {@code consumed} is how many bytes
 * upstream's frame reader took.
 */
public sealed interface UpstreamVerdict {

    /** Upstream accepted the bytes. */
    record Accepted(int consumed) implements UpstreamVerdict {
        @Override
        public String toString() {
            return "accepted (" + consumed + " bytes)";
        }
    }

    /** Upstream rejected the bytes with {@code error}, which is the kit's {@code reason}. */
    record Rejected(ReasonCode reason, String error, int consumed) implements UpstreamVerdict {
        @Override
        public String toString() {
            return reason + " (" + consumed + " bytes): " + error;
        }
    }

    /** Upstream rejected the bytes with a text {@link UpstreamErrors} has no row for: never guessed, always reported. */
    record Unclassified(String error, int consumed) implements UpstreamVerdict {
        @Override
        public String toString() {
            return "unclassified upstream error (" + consumed + " bytes): " + error;
        }
    }

    /** {@code oracle-vectors} has no input for the role's state, so upstream was not asked. */
    record NotAskable(String why) implements UpstreamVerdict {
        @Override
        public String toString() {
            return "not askable: " + why;
        }
    }
}
