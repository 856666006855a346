package io.handoffkit.conformance.properties;

import static io.handoffkit.conformance.properties.Suite.SUT;
import static io.handoffkit.conformance.properties.Suite.check;

import com.google.protobuf.ByteString;
import io.handoffkit.conformance.Proves;
import io.handoffkit.conformance.property.Property;
import io.handoffkit.conformance.property.gen.Defect;
import io.handoffkit.conformance.property.gen.Draft;
import io.handoffkit.conformance.property.gen.Encodings;
import io.handoffkit.conformance.property.gen.Exchanges;
import io.handoffkit.conformance.property.gen.Expectation;
import io.handoffkit.conformance.property.gen.Values;
import io.handoffkit.conformance.property.suite.HandoffProperties;
import io.handoffkit.conformance.verdict.Role;
import io.handoffkit.wire.Envelope;
import io.handoffkit.wire.ReasonCode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * SPEC "Decoding": what no decoder may accept (DEC-1, DEC-2, DEC-7) and the
 * encodings every decoder must read like the canonical one (DEC-3, DEC-4, DEC-5, DEC-9).
 */
@DisplayName("Decoding (DEC)")
class DecodingProperties {

    @ParameterizedTest(name = "{0}")
    @EnumSource(Role.class)
    @DisplayName("DEC-1 a body that is not a Frame (every corruption style, DEC-7 invalid UTF-8 too) is rejected as FRAME_UNDECODABLE")
    @Proves({"DEC-1", "DEC-7"})
    void undecodableBody(Role role) {
        check(HandoffProperties.defect(role, Defect.UNDECODABLE_BODY, SUT));
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Role.class)
    @DisplayName("DEC-2 a payload that is not the role's message (DEC-7 invalid UTF-8 too) is rejected as PAYLOAD_UNDECODABLE")
    @Proves({"DEC-2", "DEC-7"})
    void undecodablePayload(Role role) {
        check(HandoffProperties.defect(role, Defect.PAYLOAD_UNDECODABLE, SUT));
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Role.class)
    @DisplayName("DEC-3 unknown and reserved field numbers, in the Frame and in the payload, are skipped")
    @Proves("DEC-3")
    void unknownFieldsSkipped(Role role) {
        check(Property.forAll("DEC-3 unknown fields [" + role + "]", data -> {
                    Draft d = Exchanges.valid(role, data);
                    List<String> labels = new ArrayList<>();
                    int where = data.consumeInt(0, 2);
                    byte[] payload = d.payload();
                    if (where != 1) {
                        payload = Encodings.withUnknownFields(payload, Encodings.HANDOFF_MESSAGE, data, labels::add);
                        labels.add("in the payload");
                    }
                    byte[] body = d.frame().toBuilder().setPayload(ByteString.copyFrom(payload)).build().toByteArray();
                    if (where != 0) {
                        body = Encodings.withUnknownFields(body, Encodings.FRAME, data, labels::add);
                        labels.add("in the frame");
                    }
                    return new Variant(d, Encodings.frameWire(body), labels, Optional.empty());
                })
                .describedBy(Variant::describe)
                .requireLabels("in the payload", "in the frame", "reserved field number", "unassigned field number",
                        "varint", "fixed64", "length-delimited", "fixed32")
                .check((v, coverage) -> {
                    v.labels().forEach(coverage::label);
                    v.judge(role);
                }));
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Role.class)
    @DisplayName("DEC-4 32-bit fields sent as 64-bit varints are truncated to their low 32 bits (kind 2^32 reads as REQUEST)")
    @Proves({"DEC-4", "DEC-5"})
    void outOfRangeVarintsTruncate(Role role) {
        check(Property.forAll("DEC-4 out-of-range varints [" + role + "]", data -> {
                    Draft d = Exchanges.valid(role, data);
                    EnvelopeField field = data.pickValue(EnvelopeField.values());
                    boolean rightLowBits = data.consumeBoolean();
                    long high = data.consumeBoolean() ? 1 : data.consumeLong(1, Values.U32_MAX);
                    long low = Integer.toUnsignedLong(rightLowBits ? field.correct(role) : field.wrong(role));
                    byte[] body = Encodings.concat(d.body(), Encodings.varintField(field.number, high << 32 | low));
                    return new Variant(d, Encodings.frameWire(body),
                            List.of(field.name, rightLowBits ? "right low 32 bits" : "wrong low 32 bits"),
                            rightLowBits ? Optional.empty() : Optional.of(field.expectation(role)));
                })
                .describedBy(Variant::describe)
                .requireLabels(Arrays.stream(EnvelopeField.values()).map(f -> f.name).toList())
                .requireLabels("right low 32 bits", "wrong low 32 bits")
                .check((v, coverage) -> {
                    v.labels().forEach(coverage::label);
                    v.judge(role);
                }));
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Role.class)
    @DisplayName("DEC-5 a duplicated field: the last one wins, a bytes field is replaced, not merged")
    @Proves("DEC-5")
    void lastDuplicateWins(Role role) {
        check(Property.forAll("DEC-5 duplicated fields [" + role + "]", data -> {
                    Draft d = Exchanges.valid(role, data);
                    List<String> labels = new ArrayList<>();
                    byte[] body = d.body();
                    if (data.consumeBoolean()) {
                        // wrong values first, then the frame, then the right values again: the right ones win
                        List<byte[]> wrong = new ArrayList<>();
                        List<byte[]> right = new ArrayList<>();
                        for (EnvelopeField f : EnvelopeField.values()) {
                            if (data.consumeBoolean()) {
                                wrong.add(Encodings.varintField(f.number, Integer.toUnsignedLong(f.wrong(role))));
                                right.add(Encodings.varintField(f.number, Integer.toUnsignedLong(f.correct(role))));
                                labels.add("overridden " + f.name);
                            }
                        }
                        long requestId = d.frame().getRequestId();
                        wrong.add(Encodings.varintField(5, requestId + 1));
                        right.add(Encodings.varintField(5, requestId));
                        // a payload that would not decode if it were merged (concatenated) with the real one
                        wrong.add(Encodings.bytesField(4, new byte[] {0x0F}));
                        labels.add("overridden payload");
                        body = Encodings.concat(Encodings.join(wrong), body, Encodings.join(right));
                        return new Variant(d, Encodings.frameWire(body), labels, Optional.empty());
                    }
                    EnvelopeField f = data.pickValue(EnvelopeField.values());
                    body = Encodings.concat(body, Encodings.varintField(f.number, Integer.toUnsignedLong(f.wrong(role))));
                    return new Variant(d, Encodings.frameWire(body), List.of("wrong last " + f.name), Optional.of(f.expectation(role)));
                })
                .describedBy(Variant::describe)
                .requireLabels("overridden payload")
                .requireLabels(Arrays.stream(EnvelopeField.values()).map(f -> "wrong last " + f.name).toList())
                .check((v, coverage) -> {
                    v.labels().forEach(coverage::label);
                    v.judge(role);
                }));
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Role.class)
    @DisplayName("DEC-9 field order does not matter, in the Frame or in the payload")
    @Proves("DEC-9")
    void fieldOrder(Role role) {
        check(Property.forAll("DEC-9 field order [" + role + "]", data -> {
                    Draft d = Exchanges.valid(role, data);
                    byte[] payload = Encodings.shuffled(d.payload(), data);
                    byte[] body = Encodings.shuffled(
                            d.frame().toBuilder().setPayload(ByteString.copyFrom(payload)).build().toByteArray(), data);
                    boolean reordered = !Arrays.equals(body, d.body());
                    return new Variant(d, Encodings.frameWire(body), List.of(reordered ? "reordered" : "same order"), Optional.empty());
                })
                .describedBy(Variant::describe)
                .requireLabels("reordered")
                .check((v, coverage) -> {
                    v.labels().forEach(coverage::label);
                    v.judge(role);
                }));
    }

    /** An exchange re-encoded at byte level and what the role must say about it (empty: accept). */
    record Variant(Draft draft, byte[] wire, List<String> labels, Optional<Expectation> expected) {
        String describe() {
            return "role: " + draft.role() + "\nvariant: " + labels + "\nexpected: " + expected.map(Object::toString).orElse("accepted")
                    + "\nwire: " + HexFormat.of().formatHex(wire) + "\ncanonical wire: " + HexFormat.of().formatHex(draft.wire());
        }

        void judge(Role role) {
            var verdict = SUT.verdict(role, wire, draft.inputs());
            if (expected.isEmpty()) {
                HandoffProperties.expectAccepted(verdict, labels.toString());
            } else {
                HandoffProperties.expectRejected(verdict, expected.get(), labels.toString());
            }
        }
    }

    /** The four 32-bit envelope fields. */
    enum EnvelopeField {
        ENVELOPE_VERSION(1, "envelope_version"),
        KIND(2, "kind"),
        PAYLOAD_PROTOCOL(3, "payload_protocol"),
        PAYLOAD_ENCODING(6, "payload_encoding");

        final int number;
        final String name;

        EnvelopeField(int number, String name) {
            this.number = number;
            this.name = name;
        }

        int correct(Role role) {
            return switch (this) {
                case ENVELOPE_VERSION -> Envelope.PROTOCOL_VERSION;
                case KIND -> Defect.expectedKind(role).getNumber();
                case PAYLOAD_PROTOCOL -> Envelope.HANDOFF_PAYLOAD_PROTOCOL;
                case PAYLOAD_ENCODING -> 0;
            };
        }

        int wrong(Role role) {
            return switch (this) {
                case ENVELOPE_VERSION -> 2;
                case KIND -> (correct(role) + 1) % 4;
                case PAYLOAD_PROTOCOL -> Envelope.HANDOFF_PAYLOAD_PROTOCOL + 1;
                case PAYLOAD_ENCODING -> 1;
            };
        }

        Expectation expectation(Role role) {
            return switch (this) {
                case ENVELOPE_VERSION -> Expectation.of(ReasonCode.ENVELOPE_VERSION, "ENV-1");
                case KIND -> Expectation.of(ReasonCode.KIND, "ENV-2");
                case PAYLOAD_PROTOCOL -> Expectation.of(ReasonCode.PAYLOAD_PROTOCOL, "ENV-3");
                case PAYLOAD_ENCODING -> Expectation.of(ReasonCode.COMPRESSED, "ENV-4");
            };
        }
    }
}
