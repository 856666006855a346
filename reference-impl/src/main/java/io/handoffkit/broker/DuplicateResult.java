package io.handoffkit.broker;

import java.util.Objects;

/** What DuplicateHandle of the client pipe into the backend process did. */
public sealed interface DuplicateResult {

    /** The handle now exists in the backend's handle table under this value. */
    record Duplicated(long handleValue) implements DuplicateResult {}

    /** No handle was created; {@code permissionDenied} when access to the backend process was refused. */
    record Failed(String detail, boolean permissionDenied) implements DuplicateResult {
        public Failed {
            Objects.requireNonNull(detail, "detail");
        }
    }
}
