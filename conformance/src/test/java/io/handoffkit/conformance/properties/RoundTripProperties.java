package io.handoffkit.conformance.properties;

import static io.handoffkit.conformance.properties.Suite.SUT;
import static io.handoffkit.conformance.properties.Suite.check;

import io.handoffkit.backend.OfferExchange;
import io.handoffkit.backend.OfferOutcome;
import io.handoffkit.conformance.Proves;
import io.handoffkit.conformance.property.Property;
import io.handoffkit.conformance.property.PropertyAssertionError;
import io.handoffkit.conformance.property.gen.Draft;
import io.handoffkit.conformance.property.gen.Exchanges;
import io.handoffkit.conformance.property.suite.HandoffProperties;
import io.handoffkit.conformance.verdict.Role;
import io.handoffkit.conformance.verdict.RoleInputs;
import io.handoffkit.conformance.verdict.TokenState;
import io.handoffkit.proto.v1.Frame;
import io.handoffkit.proto.v1.FrameKind;
import io.handoffkit.proto.v1.HandoffAck;
import io.handoffkit.proto.v1.HandoffOffer;
import io.handoffkit.proto.v1.PayloadEncoding;
import io.handoffkit.token.TokenStore;
import io.handoffkit.wire.Envelope;
import io.handoffkit.wire.FrameReader;
import io.handoffkit.wire.FrameWriter;
import io.handoffkit.wire.Framing;
import io.handoffkit.wire.HandoffFrames;
import io.handoffkit.wire.Verdict;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** SPEC "The three handoff frames": every generated valid frame encodes, decodes to itself and is accepted by its role. */
@DisplayName("Round trips (FRAMES)")
class RoundTripProperties {

    @ParameterizedTest(name = "{0}")
    @EnumSource(Role.class)
    @DisplayName("FRAMES-1..4 every generated valid offer / ACK / relay is accepted by its role and consumed whole")
    @Proves({"FRAMES-1", "FRAMES-2", "FRAMES-3", "FRAMES-4", "FRAME-9"})
    void validAccepted(Role role) {
        check(HandoffProperties.accepted(role, SUT));
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Role.class)
    @DisplayName("FRAMES-1..4 encode then decode gives back the same Frame and payload, with the fixed v1 envelope")
    @Proves({"FRAMES-1", "FRAMES-2", "FRAMES-3", "FRAMES-4", "FRAME-4"})
    void encodeDecode(Role role) {
        check(Property.forAll("FRAMES encode/decode [" + role + "]", Exchanges.valid(role))
                .describedBy(Draft::describe)
                .check((d, coverage) -> {
                    Frame frame = switch (role) {
                        case BACKEND_OFFER -> HandoffFrames.offer(d.offer());
                        case BROKER_ACK -> HandoffFrames.ack(d.ack());
                        case CLIENT_RELAY -> HandoffFrames.ready(d.ack());
                    };
                    byte[] wire = FrameWriter.encode(frame);
                    ByteArrayInputStream in = new ByteArrayInputStream(wire);
                    Verdict<byte[]> body = FrameReader.read(in, Framing.MAX_FRAME_BYTES);
                    PropertyAssertionError.check(body instanceof Verdict.Accepted<byte[]> && in.available() == 0, "frame not read back",
                            "reading the written frame gave " + body);
                    Frame decoded = Frame.parseFrom(((Verdict.Accepted<byte[]>) body).value());
                    PropertyAssertionError.check(decoded.equals(frame), "Frame round trip", "decoded " + decoded + " != " + frame);
                    FrameKind kind = io.handoffkit.conformance.property.gen.Defect.expectedKind(role);
                    PropertyAssertionError.check(decoded.getEnvelopeVersion() == Envelope.PROTOCOL_VERSION
                                    && decoded.getKind() == kind
                                    && decoded.getPayloadProtocol() == Envelope.HANDOFF_PAYLOAD_PROTOCOL
                                    && decoded.getPayloadEncoding() == PayloadEncoding.PAYLOAD_ENCODING_NONE
                                    && decoded.getDeadlineUnixMs() == 0
                                    && decoded.getTraceparent().isEmpty() && decoded.getTracestate().isEmpty(),
                            "FRAMES-4 envelope", "not the fixed v1 handoff envelope: " + decoded);
                    if (role == Role.BACKEND_OFFER) {
                        HandoffOffer offer = HandoffOffer.parseFrom(decoded.getPayload());
                        PropertyAssertionError.check(offer.equals(d.offer()) && decoded.getRequestId() == offer.getCorrelationId(),
                                "FRAMES-1 offer", "payload " + offer + ", request_id " + decoded.getRequestId());
                    } else {
                        HandoffAck ack = HandoffAck.parseFrom(decoded.getPayload());
                        PropertyAssertionError.check(ack.equals(d.ack()) && decoded.getRequestId() == ack.getCorrelationId(),
                                "FRAMES-2/3 ack", "payload " + ack + ", request_id " + decoded.getRequestId());
                    }
                }));
    }

    @Test
    @DisplayName("FRAMES-1..3 a whole handoff: offer, the reference backend's ACK, the broker accepts it, the client accepts its relay")
    @Proves({"FRAMES-1", "FRAMES-2", "FRAMES-3", "OFFER-6", "ACK-1", "RELAY-1"})
    void wholeExchange() {
        check(Property.forAll("whole exchange", Exchanges::offer)
                .describedBy(Draft::describe)
                .requireLabels(Exchanges.OFFER_TRAITS)
                .check((d, coverage) -> {
                    d.traits().forEach(coverage::label);
                    TokenStore store = new TokenStore();
                    store.register(d.token(), 0);
                    ByteArrayOutputStream ackOut = new ByteArrayOutputStream();
                    OfferOutcome outcome = OfferExchange.serve(new ByteArrayInputStream(d.wire()), ackOut, store, d.token(), 0);
                    PropertyAssertionError.check(outcome instanceof OfferOutcome.Answered a && a.accepted(), "backend did not accept",
                            "the reference backend answered " + outcome);
                    byte[] ackWire = ackOut.toByteArray();
                    long correlation = d.offer().getCorrelationId();
                    RoleInputs broker = new RoleInputs(Optional.of(d.token()), correlation, Optional.empty(), TokenState.PENDING, false);
                    HandoffProperties.expectAccepted(SUT.verdict(Role.BROKER_ACK, ackWire, broker), "the backend's ACK");
                    // the broker relays its own ACK, built from what it negotiated (FRAMES-3)
                    byte[] relayWire = FrameWriter.encode(HandoffFrames.readyFor(d.token().toByteString(), correlation));
                    RoleInputs client = new RoleInputs(Optional.of(d.token()), 0, Optional.empty(), TokenState.PENDING, false);
                    HandoffProperties.expectAccepted(SUT.verdict(Role.CLIENT_RELAY, relayWire, client), "the relay of that ACK");
                }));
    }
}
