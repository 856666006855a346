package io.handoffkit.broker;

/** What a fallback could not undo, so an operator can tell a clean fallback from a leak (SPEC §8). */
public sealed interface Unrecoverable {

    /** The fallback left nothing behind in the backend. */
    record Nothing() implements Unrecoverable {}

    /**
     * Windows: the client pipe handle was duplicated into the backend; its value is only
     * valid in the backend's handle table, so only the backend's exit closes it.
     */
    record HandleLeakedInBackend(long handleValue) implements Unrecoverable {}

    /** Unix: a send succeeded or ended indeterminately, so the backend may hold the client descriptor. */
    record DescriptorMayHaveReachedBackend() implements Unrecoverable {}
}
