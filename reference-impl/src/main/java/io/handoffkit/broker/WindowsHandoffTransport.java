package io.handoffkit.broker;

/** Windows handoff: the client pipe handle is duplicated into the backend and its value sent in the offer. */
public interface WindowsHandoffTransport extends BackendChannel {

    /** DuplicateHandle of the client pipe into the (verified) backend process. */
    DuplicateResult duplicateIntoBackend(long backendPid);
}
