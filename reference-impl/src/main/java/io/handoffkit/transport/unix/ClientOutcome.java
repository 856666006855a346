package io.handoffkit.transport.unix;

/** How the reference broker's conversation with one client connection ended. */
public enum ClientOutcome {
    /** The Hello was refused (HELLO-4..HELLO-10); the connection was closed (HELLO-12). */
    REFUSED,
    /** Negotiated without a token (no capability bit 0, or no token could be issued, NEG-3): no handoff; the connection was closed. */
    NEGOTIATED_WITHOUT_HANDOFF,
    /** The backend adopted the connection and the ready relay was written (BROKER-4); the broker let its copy go (BROKER-5). */
    HANDED_OFF,
    /** The backend adopted the connection but the relay could not be written (the client went away); the broker let its copy go. */
    RELAY_FAILED,
    /** Negotiated with a token, then the handoff fell back (ORCH-2): nothing more was written and the connection was closed (BROKER-6). */
    FELL_BACK,
    /** The client went away before its reply could be written. */
    FAILED
}
