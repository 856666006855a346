package io.handoffkit.conformance.properties;

import static io.handoffkit.conformance.properties.Suite.SUT;
import static io.handoffkit.conformance.properties.Suite.check;

import io.handoffkit.conformance.Proves;
import io.handoffkit.conformance.property.Property;
import io.handoffkit.conformance.property.gen.Defect;
import io.handoffkit.conformance.property.gen.Draft;
import io.handoffkit.conformance.property.gen.Exchanges;
import io.handoffkit.conformance.property.gen.Values;
import io.handoffkit.conformance.property.suite.HandoffProperties;
import io.handoffkit.conformance.verdict.Role;
import io.handoffkit.proto.v1.HandoffAck;
import io.handoffkit.wire.HandoffFrames;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** SPEC "Client reading the relay": the client's checks of the handoff-ready relay, in the order of RELAY-1. */
@DisplayName("Ready relay (RELAY)")
class RelayProperties {

    private static final Role ROLE = Role.CLIENT_RELAY;

    @Test
    @DisplayName("RELAY-1 a relay echoing the negotiated token with accepted=true is accepted")
    @Proves({"RELAY-1", "FRAMES-3"})
    void validRelayAccepted() {
        check(HandoffProperties.accepted(ROLE, SUT));
    }

    @Test
    @DisplayName("RELAY-2 a token echo other than the negotiated handle_passed_token is rejected as TOKEN_ECHO")
    @Proves("RELAY-2")
    void tokenEcho() {
        check(HandoffProperties.defect(ROLE, Defect.TOKEN_ECHO, SUT));
    }

    @Test
    @DisplayName("RELAY-3 a relayed ACK with accepted=false is rejected as REFUSED")
    @Proves("RELAY-3")
    void refused() {
        check(HandoffProperties.defect(ROLE, Defect.REFUSED, SUT));
    }

    @Test
    @DisplayName("RELAY-4 the client does not check the correlation id: any request_id and ACK correlation_id are accepted")
    @Proves("RELAY-4")
    void correlationIgnored() {
        check(Property.forAll("RELAY-4 correlation ignored", data -> {
                    Draft d = Exchanges.relay(data);
                    List<String> labels = new ArrayList<>();
                    HandoffAck ack = d.ack().toBuilder().setCorrelationId(Values.u64(data, "ack correlation_id", labels::add)).build();
                    long requestId = Values.u64(data, "frame request_id", labels::add);
                    byte[] wire = io.handoffkit.conformance.property.gen.Encodings.frameWire(
                            HandoffFrames.ready(ack).toBuilder().setRequestId(requestId).build().toByteArray());
                    labels.add(requestId == ack.getCorrelationId() ? "ids equal" : "ids differ");
                    return new Relay(d, wire, labels);
                })
                .describedBy(r -> r.draft().describe() + "\nrelay wire: " + java.util.HexFormat.of().formatHex(r.wire()))
                .requireLabels("ids differ", "ack correlation_id=0", "ack correlation_id=max", "frame request_id=0", "frame request_id=max")
                .check((r, coverage) -> {
                    r.labels().forEach(coverage::label);
                    HandoffProperties.expectAccepted(SUT.verdict(ROLE, r.wire(), r.draft().inputs()), "a relay with any correlation id");
                }));
    }

    @Test
    @DisplayName("RELAY-1 with two defects the client's earlier check wins (frame, decode, envelope, payload, token echo, accepted)")
    @Proves("RELAY-1")
    void checkOrder() {
        check(HandoffProperties.ordering("RELAY-1 client check order", ROLE, Defect.checkOrder(ROLE), SUT));
    }

    @Test
    @DisplayName("RELAY-5 whatever arrives (a valid relay, a damaged one, random bytes, an I/O error) the client gets a verdict, never an exception")
    @Proves({"RELAY-5", "FRAME-7"})
    void failureIsAVerdictNotAnError() {
        check(Property.forAll("RELAY-5 a verdict, never an error", data -> {
                    Draft d = Exchanges.relay(data);
                    byte[] wire = switch (data.consumeInt(0, 3)) {
                        case 0 -> d.wire();
                        case 1 -> io.handoffkit.conformance.property.gen.DefectCases.single(ROLE, data.pickValue(Defect.checkOrder(ROLE)))
                                .generate(data).wire();
                        case 2 -> mutate(d.wire(), data);
                        default -> data.consumeBytes(data.consumeInt(0, 64));
                    };
                    return new Relay(d, wire, List.of(data.consumeBoolean() ? "stream fails" : "stream ends"));
                })
                .describedBy(r -> java.util.HexFormat.of().formatHex(r.wire()) + " (" + r.labels().get(0) + ")")
                .requireLabels("accepted", "rejected", "IO")
                .check((r, coverage) -> {
                    java.io.InputStream in = new java.io.ByteArrayInputStream(r.wire());
                    if (r.labels().get(0).equals("stream fails")) {
                        in = new java.io.SequenceInputStream(in, new java.io.InputStream() {
                            @Override
                            public int read() throws java.io.IOException {
                                throw new java.io.IOException("connection reset (injected)");
                            }
                        });
                    }
                    io.handoffkit.wire.Verdict<io.handoffkit.proto.v1.HandoffAck> v;
                    try {
                        v = io.handoffkit.client.RelayCheck.check(in, r.draft().token());
                    } catch (RuntimeException e) {
                        throw new io.handoffkit.conformance.property.PropertyAssertionError("RELAY-5: the client threw", "RelayCheck threw " + e);
                    }
                    io.handoffkit.conformance.property.PropertyAssertionError.check(v != null, "RELAY-5: no verdict", "null verdict");
                    coverage.label(v.accepted() ? "accepted" : "rejected");
                    if (v instanceof io.handoffkit.wire.Verdict.Rejected<?> rej && rej.rejection().reason() == io.handoffkit.wire.ReasonCode.IO) {
                        coverage.label("IO");
                    }
                }));
    }

    /** A few random byte edits (flip, overwrite, cut) of a valid wire. */
    static byte[] mutate(byte[] wire, com.code_intelligence.jazzer.api.FuzzedDataProvider data) {
        byte[] out = wire.clone();
        int edits = data.consumeInt(1, 4);
        for (int i = 0; i < edits && out.length > 0; i++) {
            int at = data.consumeInt(0, out.length - 1);
            switch (data.consumeInt(0, 2)) {
                case 0 -> out[at] ^= (byte) (1 << data.consumeInt(0, 7));
                case 1 -> out[at] = data.consumeByte();
                default -> out = java.util.Arrays.copyOf(out, at);
            }
        }
        return out;
    }

    record Relay(Draft draft, byte[] wire, List<String> labels) {}
}
