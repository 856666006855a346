package io.handoffkit.conformance.verdict;

/**
 * The state of the backend's expected token when an offer is judged, so a
 * single byte string can exercise every token-store outcome (TOKEN-2..TOKEN-5).
 */
public enum TokenState {
    /** registered and within its TTL */
    PENDING,
    /** registered, then consumed (a replay) */
    CONSUMED,
    /** registered and past its TTL */
    EXPIRED;

    public String id() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
