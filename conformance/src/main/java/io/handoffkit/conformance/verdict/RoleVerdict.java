package io.handoffkit.conformance.verdict;

import io.handoffkit.wire.Rejection;
import java.util.Map;
import java.util.Optional;

/**
 * The verdict a role gives one byte string: accepted or the rejection, how
 * many bytes the frame reader consumed, and every field decoded on the way
 * (also on rejection: that is how an implementer sees why).
 */
public record RoleVerdict(Optional<Rejection> rejection, int consumed, Map<String, Object> decoded) {

    public boolean ok() {
        return rejection.isEmpty();
    }
}
