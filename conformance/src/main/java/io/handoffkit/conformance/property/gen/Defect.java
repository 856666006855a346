package io.handoffkit.conformance.property.gen;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.google.protobuf.ByteString;
import io.handoffkit.conformance.verdict.Role;
import io.handoffkit.conformance.verdict.TokenState;
import io.handoffkit.proto.v1.FrameKind;
import io.handoffkit.proto.v1.PayloadEncoding;
import io.handoffkit.token.Token;
import io.handoffkit.wire.Envelope;
import io.handoffkit.wire.Framing;
import io.handoffkit.wire.ReasonCode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * The defect catalogue: one targeted defect per rejection class. Applied to
 * a valid {@link Draft}, a defect makes exactly that one thing wrong and says
 * what the reading role must answer (reason code, requirement, detail); its
 * variants are the cases a run must cover (every wrong kind, every
 * compression, each truncated part, each corruption style, ...).
 */
public enum Defect {

    /** FRAME-1: any framing byte but 1. */
    FRAMING_BYTE("framing byte") {
        @Override
        public List<String> variants(Role role) {
            return List.of("0", "2", "3..127", "128..255");
        }

        @Override
        Applied applyTo(Draft d, FuzzedDataProvider data) {
            int variant = data.consumeInt(0, 3);
            int value = switch (variant) {
                case 0 -> 0;
                case 1 -> 2;
                case 2 -> data.consumeInt(3, 127);
                default -> data.consumeInt(128, 255);
            };
            d.framingByte = value;
            return applied(variants(d.role()).get(variant), Expectation.of(ReasonCode.FRAMING_VERSION, "FRAME-1",
                    "unsupported framing version: got " + value + ", expected " + Framing.FRAMING_VERSION));
        }
    },

    /** FRAME-6: the stream ends inside the framing byte, the length header or the body. */
    TRUNCATION("truncation") {
        @Override
        public List<String> variants(Role role) {
            return List.of("in the framing byte", "in the length", "in the body");
        }

        @Override
        Applied applyTo(Draft d, FuzzedDataProvider data) {
            Draft.Truncation.Part part = data.pickValue(Draft.Truncation.Part.values());
            d.truncation = Optional.of(new Draft.Truncation(part, data.consumeInt(0, 1 << 20)));
            ReasonCode reason = switch (part) {
                case FRAMING_BYTE -> ReasonCode.TRUNCATED_FRAMING_BYTE;
                case LENGTH -> ReasonCode.TRUNCATED_LENGTH;
                case BODY -> ReasonCode.TRUNCATED_BODY;
            };
            return applied(variants(d.role()).get(part.ordinal()), Expectation.of(reason, "FRAME-6", "unexpected EOF"));
        }
    },

    /** FRAME-2: a length over the 16 MiB cap, up to 2^32-1, judged before the body is read. */
    OVERSIZE("oversize length") {
        @Override
        public List<String> variants(Role role) {
            return List.of("cap+1", "2^32-1", "between");
        }

        @Override
        Applied applyTo(Draft d, FuzzedDataProvider data) {
            long cap = Framing.MAX_FRAME_BYTES;
            int variant = data.consumeInt(0, 2);
            long length = switch (variant) {
                case 0 -> cap + 1;
                case 1 -> Values.U32_MAX;
                default -> data.consumeLong(cap + 2, Values.U32_MAX - 1);
            };
            d.lengthOverride = OptionalLong.of(length);
            return applied(variants(d.role()).get(variant), Expectation.of(ReasonCode.FRAME_TOO_LARGE, "FRAME-2", "frame too large"));
        }
    },

    /** DEC-1 (and DEC-7): a body no protobuf decoder accepts as a Frame. */
    UNDECODABLE_BODY("undecodable body") {
        @Override
        public List<String> variants(Role role) {
            return Arrays.stream(Corruption.Style.values()).map(Corruption.Style::label).toList();
        }

        @Override
        Applied applyTo(Draft d, FuzzedDataProvider data) {
            Corruption c = Corruption.generate(data);
            d.bodyCorruption = Optional.of(c);
            return applied(c.label(), Expectation.of(ReasonCode.FRAME_UNDECODABLE, "DEC-1"));
        }
    },

    /** ENV-1: envelope_version other than 1. */
    ENVELOPE_VERSION("envelope version") {
        @Override
        public List<String> variants(Role role) {
            return List.of("0", "2", "2^32-1", "other");
        }

        @Override
        Applied applyTo(Draft d, FuzzedDataProvider data) {
            int v = Values.u32Except(Envelope.PROTOCOL_VERSION, data);
            d.frame.setEnvelopeVersion(v);
            String label = v == 0 ? "0" : v == 2 ? "2" : v == -1 ? "2^32-1" : "other";
            return applied(label, Expectation.of(ReasonCode.ENVELOPE_VERSION, "ENV-1", "envelope_version is not v1"));
        }
    },

    /** ENV-2: every known kind but the expected one, and unknown kind values. */
    KIND("kind") {
        @Override
        public List<String> variants(Role role) {
            List<String> v = new ArrayList<>(wrongKinds(role).stream().map(Envelope::kindName).toList());
            v.add("unknown positive");
            v.add("unknown negative");
            return v;
        }

        @Override
        Applied applyTo(Draft d, FuzzedDataProvider data) {
            List<FrameKind> wrong = wrongKinds(d.role());
            int choice = data.consumeInt(0, wrong.size() + 1);
            int value;
            String label;
            if (choice < wrong.size()) {
                value = wrong.get(choice).getNumber();
                label = Envelope.kindName(wrong.get(choice));
            } else if (choice == wrong.size()) {
                value = data.consumeBoolean() ? 4 : data.consumeInt(4, Integer.MAX_VALUE);
                label = "unknown positive";
            } else {
                value = data.consumeInt(Integer.MIN_VALUE, -1);
                label = "unknown negative";
            }
            d.frame.setKindValue(value);
            return applied(label, Expectation.of(ReasonCode.KIND, "ENV-2", "kind is not " + Envelope.kindName(expectedKind(d.role()))));
        }
    },

    /** ENV-3: payload_protocol other than 0xD0FF. */
    PAYLOAD_PROTOCOL("payload protocol") {
        @Override
        public List<String> variants(Role role) {
            return List.of("another assigned protocol", "neighbour of 0xD0FF", "0xD0FF above 16 bits", "other");
        }

        @Override
        Applied applyTo(Draft d, FuzzedDataProvider data) {
            int variant = data.consumeInt(0, 3);
            int value = switch (variant) {
                case 0 -> data.pickValue(new int[] {0x0000, 0xAD01, 0xB232, 0x5350});
                case 1 -> Envelope.HANDOFF_PAYLOAD_PROTOCOL + (data.consumeBoolean() ? 1 : -1);
                case 2 -> Envelope.HANDOFF_PAYLOAD_PROTOCOL | data.consumeInt(1, 0xFFFF) << 16;
                default -> Values.u32Except(Envelope.HANDOFF_PAYLOAD_PROTOCOL, data);
            };
            d.frame.setPayloadProtocol(value);
            return applied(variants(d.role()).get(variant),
                    Expectation.of(ReasonCode.PAYLOAD_PROTOCOL, "ENV-3", "payload_protocol is not handoff"));
        }
    },

    /** ENV-4: every payload encoding but NONE, and unknown values. */
    COMPRESSION("compression") {
        @Override
        public List<String> variants(Role role) {
            return List.of("ZSTD", "SNAPPY", "LZ4", "unknown positive", "unknown negative");
        }

        @Override
        Applied applyTo(Draft d, FuzzedDataProvider data) {
            int variant = data.consumeInt(0, 4);
            int value = switch (variant) {
                case 0 -> PayloadEncoding.PAYLOAD_ENCODING_ZSTD_VALUE;
                case 1 -> PayloadEncoding.PAYLOAD_ENCODING_SNAPPY_VALUE;
                case 2 -> PayloadEncoding.PAYLOAD_ENCODING_LZ4_VALUE;
                case 3 -> data.consumeInt(4, Integer.MAX_VALUE);
                default -> data.consumeInt(Integer.MIN_VALUE, -1);
            };
            d.frame.setPayloadEncodingValue(value);
            return applied(variants(d.role()).get(variant), Expectation.of(ReasonCode.COMPRESSED, "ENV-4", "payload is compressed"));
        }
    },

    /** DEC-2 (and DEC-7): a payload no protobuf decoder accepts as the role's message. */
    PAYLOAD_UNDECODABLE("undecodable payload") {
        @Override
        public List<String> variants(Role role) {
            return Arrays.stream(Corruption.Style.values()).map(Corruption.Style::label).toList();
        }

        @Override
        Applied applyTo(Draft d, FuzzedDataProvider data) {
            Corruption c = Corruption.generate(data);
            d.payloadCorruption = Optional.of(c);
            return applied(c.label(), Expectation.of(ReasonCode.PAYLOAD_UNDECODABLE, "DEC-2"));
        }
    },

    /** OFFER-2: the offer frame's request_id differs from the offer's correlation_id. */
    OFFER_CORRELATION("offer correlation") {
        @Override
        public List<String> variants(Role role) {
            return List.of("frame request_id differs", "offer correlation_id differs");
        }

        @Override
        Applied applyTo(Draft d, FuzzedDataProvider data) {
            List<String> labels = new ArrayList<>();
            if (data.consumeBoolean()) {
                d.frame.setRequestId(Values.otherThan(d.offer.getCorrelationId(), data, labels::add));
                labels.add(0, "frame request_id differs");
            } else {
                d.offer.setCorrelationId(Values.otherThan(d.frame.getRequestId(), data, labels::add));
                labels.add(0, "offer correlation_id differs");
            }
            return new Applied(this, labels, Expectation.of(ReasonCode.OFFER_CORRELATION, "OFFER-2",
                    "frame request_id does not match HandoffOffer correlation_id"));
        }
    },

    /** ACK-2: the ACK frame's request_id differs from the offer's correlation id. */
    ACK_FRAME_CORRELATION("ACK frame correlation") {
        @Override
        public List<String> variants(Role role) {
            return OTHER_NUMBER;
        }

        @Override
        Applied applyTo(Draft d, FuzzedDataProvider data) {
            List<String> labels = new ArrayList<>();
            d.frame.setRequestId(Values.otherThan(d.correlationId(), data, labels::add));
            return new Applied(this, labels, Expectation.of(ReasonCode.ACK_FRAME_CORRELATION, "ACK-2"));
        }
    },

    /** ACK-3: the HandoffAck's correlation_id differs from the offer's (the frame's request_id still matches). */
    ACK_CORRELATION("ACK correlation") {
        @Override
        public List<String> variants(Role role) {
            return OTHER_NUMBER;
        }

        @Override
        Applied applyTo(Draft d, FuzzedDataProvider data) {
            List<String> labels = new ArrayList<>();
            d.ack.setCorrelationId(Values.otherThan(d.correlationId(), data, labels::add));
            return new Applied(this, labels, Expectation.of(ReasonCode.ACK_CORRELATION, "ACK-3"));
        }
    },

    /** ACK-4 / RELAY-2: the ACK's token echo is not the offered / negotiated token. */
    TOKEN_ECHO("token echo") {
        @Override
        public List<String> variants(Role role) {
            return List.of("one bit flipped", "other 16 bytes", "empty", "short", "long");
        }

        @Override
        Applied applyTo(Draft d, FuzzedDataProvider data) {
            List<String> labels = new ArrayList<>();
            byte[] echo = switch (data.consumeInt(0, 2)) {
                case 0 -> Values.otherToken(d.token(), data, labels::add);
                case 1 -> {
                    labels.add("empty");
                    yield new byte[0];
                }
                default -> wrongLength(d.token(), data, labels::add);
            };
            d.ack.setToken(ByteString.copyFrom(echo));
            String requirement = d.role() == Role.BROKER_ACK ? "ACK-4" : "RELAY-2";
            return new Applied(this, labels, Expectation.of(ReasonCode.TOKEN_ECHO, requirement));
        }
    },

    /** ACK-5 / RELAY-3: accepted=false, with or without an error_detail. */
    REFUSED("refusal") {
        @Override
        public List<String> variants(Role role) {
            return List.of("with detail", "without detail");
        }

        @Override
        Applied applyTo(Draft d, FuzzedDataProvider data) {
            List<String> labels = new ArrayList<>();
            String detail = "";
            if (data.consumeBoolean()) {
                detail = Values.text(data, "detail", labels::add);
                detail = detail.isEmpty() ? "refused" : detail;
            }
            d.ack.setAccepted(false).setErrorDetail(detail);
            labels.add(0, detail.isEmpty() ? "without detail" : "with detail");
            String requirement = d.role() == Role.BROKER_ACK ? "ACK-5" : "RELAY-3";
            return new Applied(this, labels, Expectation.of(ReasonCode.REFUSED, requirement,
                    "backend refused the handoff: " + (detail.isEmpty() ? "no detail provided" : detail)));
        }
    },

    /** ACK-6: the ACK is observed after the broker's ACK deadline. */
    LATE("lateness") {
        @Override
        public List<String> variants(Role role) {
            return List.of("after the deadline");
        }

        @Override
        Applied applyTo(Draft d, FuzzedDataProvider data) {
            d.deadlinePassed = true;
            return applied("after the deadline",
                    Expectation.of(ReasonCode.LATE, "ACK-6", "backend HandoffAck arrived after the ACK deadline"));
        }
    },

    /** OFFER-4: the offer carries no token. */
    TOKEN_MISSING("missing token") {
        @Override
        public List<String> variants(Role role) {
            return List.of("empty token");
        }

        @Override
        Applied applyTo(Draft d, FuzzedDataProvider data) {
            d.offer.setToken(ByteString.EMPTY);
            return applied("empty token", Expectation.of(ReasonCode.TOKEN_MISSING, "OFFER-4", "handoff token is missing"));
        }
    },

    /** OFFER-5: the offer's token is shorter or longer than 16 bytes. */
    TOKEN_LENGTH("token length") {
        @Override
        public List<String> variants(Role role) {
            return List.of("short", "long");
        }

        @Override
        Applied applyTo(Draft d, FuzzedDataProvider data) {
            List<String> labels = new ArrayList<>();
            byte[] presented = wrongLength(d.token(), data, labels::add);
            d.offer.setToken(ByteString.copyFrom(presented));
            return new Applied(this, labels, Expectation.of(ReasonCode.TOKEN_LENGTH, "OFFER-5",
                    "handoff token length was " + presented.length + " bytes; expected " + Token.LENGTH));
        }
    },

    /** TOKEN-2: the expected token is no longer pending (already consumed: a replay). */
    TOKEN_NOT_PENDING("token not pending") {
        @Override
        public List<String> variants(Role role) {
            return List.of("already consumed");
        }

        @Override
        Applied applyTo(Draft d, FuzzedDataProvider data) {
            d.tokenState = TokenState.CONSUMED;
            return applied("already consumed",
                    Expectation.of(ReasonCode.TOKEN_NOT_PENDING, "TOKEN-2", "handoff token is not pending"));
        }
    },

    /** TOKEN-3: the expected token is past its TTL. */
    TOKEN_EXPIRED("token expired") {
        @Override
        public List<String> variants(Role role) {
            return List.of("past its TTL");
        }

        @Override
        Applied applyTo(Draft d, FuzzedDataProvider data) {
            d.tokenState = TokenState.EXPIRED;
            return applied("past its TTL", Expectation.of(ReasonCode.TOKEN_EXPIRED, "TOKEN-3", "handoff token expired"));
        }
    },

    /** TOKEN-4: a 16-byte token that is not the expected one. */
    TOKEN_MISMATCH("token mismatch") {
        @Override
        public List<String> variants(Role role) {
            return List.of("one bit flipped", "other 16 bytes");
        }

        @Override
        Applied applyTo(Draft d, FuzzedDataProvider data) {
            List<String> labels = new ArrayList<>();
            d.offer.setToken(ByteString.copyFrom(Values.otherToken(d.token(), data, labels::add)));
            return new Applied(this, labels, Expectation.of(ReasonCode.TOKEN_MISMATCH, "TOKEN-4", "handoff token mismatch"));
        }
    };

    private static final List<String> OTHER_NUMBER = List.of("neighbour", "one bit off", "extreme", "random");

    /** What was done and what the reading role must answer. {@code labels.get(0)} is the variant. */
    public record Applied(Defect defect, List<String> labels, Expectation expected) {

        public Applied {
            labels = List.copyOf(labels);
        }

        public String variant() {
            return labels.get(0);
        }

        @Override
        public String toString() {
            return defect.title() + " (" + String.join(", ", labels) + ")";
        }
    }

    private final String title;

    Defect(String title) {
        this.title = title;
    }

    public String title() {
        return title;
    }

    /** The variants a run of this defect must cover for {@code role}. */
    public abstract List<String> variants(Role role);

    abstract Applied applyTo(Draft d, FuzzedDataProvider data);

    /** Apply this defect to {@code draft}; fails when it does not apply to the draft's role. */
    public Applied apply(Draft draft, FuzzedDataProvider data) {
        if (!appliesTo(draft.role())) {
            throw new IllegalArgumentException(this + " does not apply to " + draft.role());
        }
        return applyTo(draft, data);
    }

    public boolean appliesTo(Role role) {
        return checkOrder(role).contains(this);
    }

    /** Two defects conflict when they edit the same thing (the same header bytes, the same token field). */
    public boolean conflictsWith(Defect other) {
        return this == other || touches().stream().anyMatch(other.touches()::contains);
    }

    private Set<String> touches() {
        return switch (this) {
            case FRAMING_BYTE -> Set.of("framing byte");
            case OVERSIZE -> Set.of("length");
            case TRUNCATION -> Set.of("framing byte", "length");
            case TOKEN_MISSING, TOKEN_LENGTH, TOKEN_MISMATCH -> Set.of("presented token");
            case TOKEN_NOT_PENDING, TOKEN_EXPIRED -> Set.of("token state");
            default -> Set.of(name());
        };
    }

    /**
     * The defects a role detects, in the order it checks them (OFFER-1 with
     * the token judgement after it, ACK-1, RELAY-1): when two are present,
     * the one listed first must win.
     */
    public static List<Defect> checkOrder(Role role) {
        List<Defect> framing = List.of(FRAMING_BYTE, OVERSIZE, TRUNCATION, UNDECODABLE_BODY,
                ENVELOPE_VERSION, KIND, PAYLOAD_PROTOCOL, COMPRESSION);
        List<Defect> rest = switch (role) {
            case BACKEND_OFFER -> List.of(PAYLOAD_UNDECODABLE, OFFER_CORRELATION,
                    TOKEN_MISSING, TOKEN_LENGTH, TOKEN_NOT_PENDING, TOKEN_EXPIRED, TOKEN_MISMATCH);
            case BROKER_ACK -> List.of(ACK_FRAME_CORRELATION, PAYLOAD_UNDECODABLE, ACK_CORRELATION, TOKEN_ECHO, REFUSED, LATE);
            case CLIENT_RELAY -> List.of(PAYLOAD_UNDECODABLE, TOKEN_ECHO, REFUSED);
        };
        return Stream.concat(framing.stream(), rest.stream()).toList();
    }

    /** The envelope checks in their fixed order (ENV-5). */
    public static List<Defect> envelopeOrder() {
        return List.of(ENVELOPE_VERSION, KIND, PAYLOAD_PROTOCOL, COMPRESSION);
    }

    public static FrameKind expectedKind(Role role) {
        return switch (role) {
            case BACKEND_OFFER -> FrameKind.FRAME_KIND_REQUEST;
            case BROKER_ACK -> FrameKind.FRAME_KIND_RESPONSE;
            case CLIENT_RELAY -> FrameKind.FRAME_KIND_EVENT;
        };
    }

    static List<FrameKind> wrongKinds(Role role) {
        return Arrays.stream(FrameKind.values())
                .filter(k -> k != FrameKind.UNRECOGNIZED && k != expectedKind(role))
                .toList();
    }

    Applied applied(String label, Expectation expected) {
        return new Applied(this, List.of(label), expected);
    }

    /** A token of 1..15 or 17..64 bytes, often a prefix or an extension of the right one. */
    static byte[] wrongLength(Token token, FuzzedDataProvider data, Consumer<String> labels) {
        byte[] right = token.toBytes();
        boolean isShort = !data.consumeBoolean();
        int n = isShort ? data.consumeInt(1, Token.LENGTH - 1) : data.consumeInt(Token.LENGTH + 1, 64);
        labels.accept(isShort ? "short" : "long");
        return data.consumeBoolean() ? Values.exactly(data, n) : Arrays.copyOf(right, n);
    }
}
