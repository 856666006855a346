package io.handoffkit.transport.unix;

/** How one handoff on a backend's handoff stream ended. */
public enum BackendEvent {
    /** ACK accepted=true written; the descriptor was adopted and handed to the service handler (OFFER-7). */
    ACCEPTED,
    /** ACK accepted=false written (token judgement); the descriptor was closed without shutdown (OFFER-7). */
    REFUSED,
    /** The offer failed OFFER-1/OFFER-2 (including truncation and the offer deadline): no ACK, descriptor closed (OFFER-3). */
    MALFORMED_OFFER,
    /** The sideband brought no descriptor or more than one, or one arrived with the offer: every one closed, no ACK. */
    DESCRIPTOR_COUNT,
    /** Fewer than 16 sideband bytes arrived (end of stream, deadline, I/O error, truncated control message): all closed, no ACK. */
    SIDEBAND_INCOMPLETE,
    /** The token was accepted but the ACK could not be written: the descriptor was closed instead of adopted. */
    ACK_WRITE_FAILED,
    /** The ACK was written but the descriptor could not be turned into a socket: it was closed. */
    ADOPTION_FAILED
}
