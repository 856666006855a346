package io.handoffkit.backend;

import io.handoffkit.proto.v1.Frame;
import io.handoffkit.proto.v1.HandoffOffer;

/** An offer that passed framing, decoding, the envelope and the correlation check (OFFER-1, OFFER-2). */
public record OfferReceived(Frame frame, HandoffOffer offer) {}
