package io.handoffkit.conformance.runner.drive.clientbackend;

import io.handoffkit.proto.v1.HandoffOffer;
import java.util.Optional;

/**
 * What the backend side knows when it answers: the negotiated token and connection id (from the
 * client side's {@code Negotiated}), the sideband bytes and the offer as decoded (when it was).
 */
public record Offered(byte[] negotiatedToken, long connectionId, byte[] sideband, Optional<HandoffOffer> offer) {

    public Offered {
        negotiatedToken = negotiatedToken.clone();
        sideband = sideband.clone();
    }

    @Override
    public byte[] negotiatedToken() {
        return negotiatedToken.clone();
    }

    @Override
    public byte[] sideband() {
        return sideband.clone();
    }
}
