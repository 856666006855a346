package io.handoffkit.conformance.property.gen;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import io.handoffkit.conformance.property.Generator;
import io.handoffkit.conformance.verdict.Role;
import io.handoffkit.proto.v1.HandoffAck;
import io.handoffkit.proto.v1.HandoffOffer;
import io.handoffkit.token.Token;
import io.handoffkit.wire.HandoffFrames;
import java.util.ArrayList;
import java.util.List;

/**
 * Valid exchanges, one per role, exactly as the spec builds them (FRAMES-1..FRAMES-4):
 * an offer the backend must accept (its token pending and matching), an ACK
 * that matches the broker's offer, a ready relay echoing the client's
 * negotiated token. Field values come from {@link Values}: correlation ids 0
 * and 2^64-1, empty / non-ASCII / long service names, degenerate tokens.
 */
public final class Exchanges {

    /** Traits every role's generator must reach. */
    public static final List<String> CORRELATION_TRAITS = List.of("correlation_id=0", "correlation_id=max", "correlation_id=other");
    public static final List<String> OFFER_TRAITS = List.of(
            "handle_value=0", "handle_value=max", "handle_value=other",
            "service_name empty", "service_name ascii", "service_name non-ascii", "service_name long");

    private Exchanges() {}

    public static Generator<Draft> valid(Role role) {
        return data -> valid(role, data);
    }

    public static Draft valid(Role role, FuzzedDataProvider data) {
        return switch (role) {
            case BACKEND_OFFER -> offer(data);
            case BROKER_ACK -> ack(data);
            case CLIENT_RELAY -> relay(data);
        };
    }

    /** Broker to backend: the backend expects exactly the offered token, still pending. */
    public static Draft offer(FuzzedDataProvider data) {
        Token token = Values.token(data);
        List<String> traits = new ArrayList<>();
        HandoffOffer.Builder offer = HandoffOffer.newBuilder()
                .setToken(token.toByteString())
                .setHandleValue(Values.u64(data, "handle_value", traits::add))
                .setServiceName(Values.text(data, "service_name", traits::add))
                .setCorrelationId(Values.u64(data, "correlation_id", traits::add));
        Draft d = new Draft(Role.BACKEND_OFFER, HandoffFrames.offer(offer.build()).toBuilder(), offer,
                HandoffAck.newBuilder(), token, offer.getCorrelationId());
        traits.forEach(d::trait);
        return d;
    }

    /** Backend to broker: an accepted ACK echoing the offered token and correlation id. */
    public static Draft ack(FuzzedDataProvider data) {
        Token token = Values.token(data);
        List<String> traits = new ArrayList<>();
        long correlation = Values.u64(data, "correlation_id", traits::add);
        HandoffAck.Builder ack = acceptedAck(token, correlation);
        Draft d = new Draft(Role.BROKER_ACK, HandoffFrames.ack(ack.build()).toBuilder(), HandoffOffer.newBuilder(),
                ack, token, correlation);
        traits.forEach(d::trait);
        return d;
    }

    /** Broker to client: the relay's HandoffAck, echoing the negotiated token (FRAMES-3). */
    public static Draft relay(FuzzedDataProvider data) {
        Token token = Values.token(data);
        List<String> traits = new ArrayList<>();
        long correlation = Values.u64(data, "correlation_id", traits::add);
        HandoffAck.Builder ack = acceptedAck(token, correlation);
        Draft d = new Draft(Role.CLIENT_RELAY, HandoffFrames.ready(ack.build()).toBuilder(),
                HandoffOffer.newBuilder(), ack, token, correlation);
        traits.forEach(d::trait);
        return d;
    }

    private static HandoffAck.Builder acceptedAck(Token token, long correlation) {
        return HandoffAck.newBuilder()
                .setToken(token.toByteString())
                .setAccepted(true)
                .setErrorDetail("")
                .setCorrelationId(correlation);
    }
}
