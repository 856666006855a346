package io.handoffkit.wire;

/**
 * Why a frame, a handoff or a token was rejected. The fixed vocabulary every
 * verdict of the kit uses: the reference, the vectors, the properties, the
 * fuzz oracles and the runner's reports (SPEC.md, "Reason codes").
 */
public enum ReasonCode {
    FRAMING_VERSION,
    FRAME_TOO_LARGE,
    TRUNCATED_FRAMING_BYTE,
    TRUNCATED_LENGTH,
    TRUNCATED_BODY,
    IO,
    FRAME_UNDECODABLE,
    PAYLOAD_UNDECODABLE,
    ENVELOPE_VERSION,
    KIND,
    PAYLOAD_PROTOCOL,
    COMPRESSED,
    OFFER_CORRELATION,
    ACK_FRAME_CORRELATION,
    ACK_CORRELATION,
    TOKEN_ECHO,
    REFUSED,
    LATE,
    TOKEN_MISSING,
    TOKEN_LENGTH,
    TOKEN_NOT_PENDING,
    TOKEN_EXPIRED,
    TOKEN_MISMATCH
}
