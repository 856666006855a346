package io.handoffkit.broker;

import io.handoffkit.proto.v1.HandoffAck;

/** The wording of a refused ACK, shared by the broker's ACK check and the client's relay check. */
public final class Refusal {

    private Refusal() {}

    public static String detail(HandoffAck ack) {
        String why = ack.getErrorDetail().isEmpty() ? "no detail provided" : ack.getErrorDetail();
        return "backend refused the handoff: " + why;
    }
}
