package io.handoffkit.conformance.runner.faulty.broker;

import io.handoffkit.conformance.runner.faulty.Flaw;
import java.util.Set;

/**
 * The catalogue of deliberately faulty brokers: each breaks exactly one rule of SPEC.md and
 * nothing else. {@link #failing} is every case of the broker suite that fails for it (the
 * self-validation matrix, pinned by {@code FaultyBrokersTest}).
 */
public enum BrokerFault implements Flaw.Catalogued {

    NONE("no fault: the broker done right", "", Set.of()),
    RELAYS_BACKEND_BYTES("relays the backend's ACK frame verbatim instead of the canonical relay", "FRAMES-3",
            Set.of("broker/FRAMES-3/1", "broker/FRAMES-3/2", "broker/FRAME-9/1", "broker/DEC-3/1")),
    RELAYS_ON_REFUSAL("relays after a refusing ACK", "ACK-5",
            Set.of("broker/ACK-5/1", "broker/ACK-5/2", "broker/BPROFILE-3/14", "broker/BPROFILE-3/15")),
    SKIPS_TOKEN_ECHO("does not compare the ACK's token with the offered one", "ACK-4",
            Set.of("broker/ACK-4/1", "broker/ACK-4/2", "broker/BPROFILE-3/12", "broker/BPROFILE-3/13", "broker/ACK-1/p1", "broker/RELAY-6/p1")),
    SKIPS_ACK_CORRELATION("does not compare the ACK's correlation_id with the offer's", "ACK-3",
            Set.of("broker/ACK-3/1", "broker/BPROFILE-3/11", "broker/ACK-1/p1", "broker/RELAY-6/p1")),
    ACCEPTS_LATE_ACK("relays an ACK that came after the deadline", "ACK-6",
            Set.of("broker/ACK-6/1", "broker/ACK-7/1", "broker/BPROFILE-3/16", "broker/BPROFILE-4/2", "broker/BROKER-4/3")),
    SIDEBAND_TOKEN_DIFFERS("offers the negotiated token but sends another one in the sideband", "BROKER-2",
            Set.of("broker/BROKER-2/1")),
    TWO_DESCRIPTORS("sends the client's connection twice in the sideband", "BROKER-2",
            Set.of("broker/BROKER-2/2")),
    SHUTS_DOWN_AFTER_FAILURE("closes the client connection with a shutdown after a failed handoff", "BROKER-6",
            Set.of("broker/BROKER-6/2", "broker/BROKER-6/4", "broker/BROKER-6/6")),
    NO_ACK_DEADLINE("reads the ACK with no deadline: a silent backend holds it", "BPROFILE-4",
            Set.of("broker/BPROFILE-4/1", "broker/BPROFILE-3/18")),
    TOKEN_WITHOUT_BIT0("issues a token to a Hello without bit 0", "NEG-3",
            Set.of("broker/NEG-3/2", "broker/BROKER-1/2", "broker/BROKER-6/1")),
    REUSES_TOKEN("issues the same token on every connection", "NEG-3",
            Set.of("broker/NEG-3/3")),
    RELAY_CORRELATION_ZERO("relays with correlation_id 0 instead of the connection id", "FRAMES-3",
            Set.of("broker/FRAMES-3/1", "broker/FRAMES-3/2", "broker/FRAME-9/1", "broker/DEC-3/1")),
    SERVES_ONE_AT_A_TIME("serves one connection at a time, its handoff included", "BROKER-7",
            Set.of("broker/BROKER-7/1")),
    DIALS_BEFORE_NEGOTIATED("dials the backend, then writes Negotiated", "NEG-5",
            Set.of("broker/NEG-5/2")),
    IGNORES_PEER_PID("does not compare a Hello's peer_pid with the connected process", "HELLO-9",
            Set.of("broker/HELLO-9/5")),
    NO_HELLO_DEADLINE("reads a Hello with no bound: a trickling client holds its connection", "BPROFILE-5",
            Set.of("broker/BPROFILE-5/1"));

    private final Flaw flaw;

    BrokerFault(String description, String requirement, Set<String> failing) {
        this.flaw = new Flaw(description, requirement, failing);
    }

    @Override
    public Flaw flaw() {
        return flaw;
    }
}
