package io.handoffkit.conformance.properties;

import static io.handoffkit.conformance.properties.Suite.check;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.UnknownFieldSet;
import io.handoffkit.broker.HelloCheck;
import io.handoffkit.broker.HelloNegotiation;
import io.handoffkit.broker.HelloVerdict;
import io.handoffkit.client.HelloReplyCheck;
import io.handoffkit.conformance.Proves;
import io.handoffkit.conformance.property.Coverage;
import io.handoffkit.conformance.property.Property;
import io.handoffkit.conformance.property.PropertyAssertionError;
import io.handoffkit.conformance.property.gen.Encodings;
import io.handoffkit.conformance.property.gen.Values;
import io.handoffkit.proto.v1.ErrorCode;
import io.handoffkit.proto.v1.Frame;
import io.handoffkit.proto.v1.FrameKind;
import io.handoffkit.proto.v1.Hello;
import io.handoffkit.proto.v1.HelloReply;
import io.handoffkit.proto.v1.Negotiated;
import io.handoffkit.proto.v1.Refused;
import io.handoffkit.token.Token;
import io.handoffkit.wire.ControlFrames;
import io.handoffkit.wire.Framing;
import io.handoffkit.wire.Verdict;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * SPEC §11: the broker's check of a client's Hello and its answer. Each try generates a valid
 * Hello frame (fields at their limits, unknown fields, trace context, a frame of exactly the
 * 64 KiB cap) and applies none, one or two flaws; the reference's {@link HelloCheck} must
 * negotiate the valid ones and refuse each flawed one with the flaw's {@code ErrorCode} and
 * requirement, and the reply frame must be the one NEG-1 describes.
 */
@DisplayName("Hello and the broker's answer (HELLO, NEG-1, NEG-2)")
class HelloProperties {

    private static final String SERVICE = "echo";
    private static final long PEER_PID = 31_337;
    private static final Encodings.FieldSpace HELLO_FIELDS = new Encodings.FieldSpace(16, 20, 21);
    /** Any token: the reply's fields are checked, not the token's bytes. */
    private static final Token TOKEN = Token.fromHex("000102030405060708090a0b0c0d0e0f");

    /** A flaw of one check; {@code rank} is the check's place in HELLO-11's order (the field checks share one). */
    enum Flaw {
        FRAMING_BYTE(0, ErrorCode.ERROR_VERSION_UNSUPPORTED, "HELLO-4"),
        OVERSIZED(1, ErrorCode.ERROR_PEER_REJECTED, "HELLO-5"),
        TRUNCATED(2, ErrorCode.ERROR_PEER_REJECTED, "HELLO-4"),
        UNDECODABLE_FRAME(3, ErrorCode.ERROR_PEER_REJECTED, "HELLO-4"),
        ENVELOPE_VERSION(4, ErrorCode.ERROR_VERSION_UNSUPPORTED, "HELLO-6"),
        KIND(5, ErrorCode.ERROR_PEER_REJECTED, "HELLO-6"),
        PAYLOAD_PROTOCOL(6, ErrorCode.ERROR_PEER_REJECTED, "HELLO-6"),
        COMPRESSED(7, ErrorCode.ERROR_PEER_REJECTED, "HELLO-6"),
        UNDECODABLE_PAYLOAD(8, ErrorCode.ERROR_PEER_REJECTED, "HELLO-7"),
        PROTOCOL_RANGE(9, ErrorCode.ERROR_VERSION_UNSUPPORTED, "HELLO-8"),
        SERVICE_NAME(9, ErrorCode.ERROR_PEER_REJECTED, "HELLO-9"),
        WANTED_VERSION(9, ErrorCode.ERROR_PEER_REJECTED, "HELLO-9"),
        CLIENT_VERSION(9, ErrorCode.ERROR_PEER_REJECTED, "HELLO-9"),
        CLIENT_LIB(9, ErrorCode.ERROR_PEER_REJECTED, "HELLO-9"),
        PEER_PID(9, ErrorCode.ERROR_PEER_REJECTED, "HELLO-9"),
        UNKNOWN_SERVICE(9, ErrorCode.ERROR_SERVICE_UNKNOWN, "HELLO-10");

        final int rank;
        final ErrorCode code;
        final String requirement;

        Flaw(int rank, ErrorCode code, String requirement) {
            this.rank = rank;
            this.code = code;
            this.requirement = requirement;
        }

        /** Flaws the reader sees before the Hello frame decodes: the refusal has no frame to echo (NEG-1). */
        boolean beforeDecoding() {
            return rank <= UNDECODABLE_FRAME.rank;
        }

        /** Two flaws that set the same thing cannot be applied together. */
        boolean clashes(Flaw other) {
            Set<Flaw> service = EnumSet.of(SERVICE_NAME, UNKNOWN_SERVICE);
            return this == other || service.contains(this) && service.contains(other);
        }
    }

    record HelloCase(Hello hello, Frame frame, byte[] wire, List<Flaw> flaws, List<String> labels) {
        String describe() {
            return "flaws " + flaws + " " + labels + "\nhello " + hello + "\nwire " + HexFormat.of().formatHex(wire);
        }

        /** The flaws whose refusal is right: the earliest check's, any of the field checks' when they are the earliest (HELLO-11). */
        Set<Flaw> expected() {
            int first = flaws.stream().mapToInt(f -> f.rank).min().orElseThrow();
            return flaws.stream().filter(f -> f.rank == first).collect(Collectors.toCollection(() -> EnumSet.noneOf(Flaw.class)));
        }
    }

    @Test
    @DisplayName("HELLO-1 HELLO-2 NEG-1 NEG-2 a Hello as HELLO-1/HELLO-2 describe it (fields at their limits, unknown fields, a frame of exactly 64 KiB) is negotiated; the reply frame echoes request_id and trace context")
    @Proves({"HELLO-1", "HELLO-2", "HELLO-3", "NEG-1", "NEG-2"})
    void validHellos() {
        check(Property.forAll("valid Hellos are negotiated", data -> helloCase(data, List.of()))
                .describedBy(HelloCase::describe)
                .requireLabels("min 0", "max above 1", "prerelease", "wanted_version 64 bytes", "client_version 128 bytes",
                        "client_lib 64 bytes", "peer_pid 0", "peer_pid the peer", "unknown field", "trace context", "exactly the cap",
                        "bit 0", "no bit 0")
                .check((c, coverage) -> {
                    c.labels().forEach(coverage::label);
                    HelloVerdict verdict = judge(c);
                    HelloVerdict.Accepted accepted = expect(verdict instanceof HelloVerdict.Accepted a ? a : null, "HELLO-1: a valid Hello is negotiated", c, verdict);
                    Hello received = accepted.hello().toBuilder().setUnknownFields(UnknownFieldSet.getDefaultInstance()).build();
                    PropertyAssertionError.check(received.equals(c.hello()), "HELLO-2: the Hello as sent", received.toString());
                    coverage.label(HelloNegotiation.asksForHandlePassing(c.hello()) ? "bit 0" : "no bit 0");
                    Optional<Token> token = HelloNegotiation.asksForHandlePassing(c.hello()) ? Optional.of(TOKEN) : Optional.empty();
                    Frame reply = HelloNegotiation.reply(HelloNegotiation.negotiated(c.hello(), 5, "/run/backend.sock", token), accepted.frame());
                    Negotiated n = readReply(reply, c).getNegotiated();
                    PropertyAssertionError.check(n.getNegotiatedProtocol() == 1 && n.getBackendPipe().equals("/run/backend.sock")
                                    && n.getConnectionId() == 5 && n.getHandlePassedToken().equals(token.map(Token::toByteString).orElse(ByteString.EMPTY))
                                    && n.getServerCapabilities() == (token.isPresent() ? HelloNegotiation.HANDLE_PASSING : 0),
                            "NEG-2: Negotiated's fields", n.toString());
                }));
    }

    @Test
    @DisplayName("HELLO-4..HELLO-10 HELLO-12 NEG-1 a Hello with one flaw is refused with the flaw's code, citing its requirement; the Refused reply carries the code, a reason, protocol range 1..1, and echoes the Hello frame once it decoded")
    @Proves({"HELLO-4", "HELLO-5", "HELLO-6", "HELLO-7", "HELLO-8", "HELLO-9", "HELLO-10", "HELLO-12", "NEG-1"})
    void oneFlaw() {
        check(Property.forAll("a flawed Hello is refused with its code", data -> helloCase(data, List.of(data.pickValue(Flaw.values()))))
                .describedBy(HelloCase::describe)
                .requireLabels(Arrays.stream(Flaw.values()).map(Flaw::name).toList())
                .triesFactor(2)
                .check(HelloProperties::refusedAsExpected));
    }

    @Test
    @DisplayName("HELLO-11 with two flaws the earlier check's refusal wins; between the protocol, field and service checks either")
    @Proves("HELLO-11")
    void twoFlaws() {
        check(Property.forAll("the earlier check wins", data -> {
                    Flaw first = data.pickValue(Flaw.values());
                    Flaw second = data.pickValue(Flaw.values());
                    Property.assume(!first.clashes(second));
                    return helloCase(data, List.of(first, second));
                })
                .describedBy(HelloCase::describe)
                .requireLabels("earlier wins", "either field check")
                .triesFactor(2)
                .check((c, coverage) -> {
                    refusedAsExpected(c, label -> { });
                    coverage.label(c.expected().size() > 1 ? "either field check" : "earlier wins");
                }));
    }

    private static void refusedAsExpected(HelloCase c, Coverage coverage) {
        c.flaws().forEach(f -> coverage.label(f.name()));
        c.labels().forEach(coverage::label);
        HelloVerdict verdict = judge(c);
        HelloVerdict.Refused refused = expect(verdict instanceof HelloVerdict.Refused r ? r : null, "HELLO-11: refused", c, verdict);
        Set<Flaw> expected = c.expected();
        PropertyAssertionError.check(expected.stream().anyMatch(f -> f.code == refused.refusal().code() && f.requirement.equals(refused.refusal().requirement())),
                "HELLO-11: the earliest flaw's code and requirement", "expected one of " + expected + ", got " + refused.refusal() + "\n" + c.describe());
        boolean decoded = expected.stream().noneMatch(Flaw::beforeDecoding);
        Refused r = readReply(HelloNegotiation.reply(refused), c).getRefused();
        PropertyAssertionError.check(r.getCode() == refused.refusal().code() && !r.getReason().isEmpty()
                        && r.getDaemonMinProtocol() == 1 && r.getDaemonMaxProtocol() == 1 && r.getRetryAfterMs() == 0,
                "HELLO-12: the Refused reply", r.toString());
        PropertyAssertionError.check(refused.frame().isPresent() == decoded, "NEG-1: the refusal echoes the Hello frame once it decoded",
                refused.frame() + " for " + expected);
    }

    /** The reply frame as a client reads it (NEG-1), with the Hello frame's request id and trace context when there was one. */
    private static HelloReply readReply(Frame reply, HelloCase c) {
        Verdict<HelloReply> read = HelloReplyCheck.check(reply);
        PropertyAssertionError.check(read.accepted(), "NEG-1: the client reads the reply", read.toString());
        boolean echoes = reply.getRequestId() == c.frame().getRequestId() && reply.getTraceparent().equals(c.frame().getTraceparent())
                && reply.getTracestate().equals(c.frame().getTracestate());
        boolean blank = reply.getRequestId() == 0 && reply.getTraceparent().isEmpty() && reply.getTracestate().isEmpty();
        PropertyAssertionError.check(echoes || blank, "NEG-1: request_id and trace context echoed", reply.toString());
        return ((Verdict.Accepted<HelloReply>) read).value();
    }

    private static HelloVerdict judge(HelloCase c) {
        return HelloCheck.read(new ByteArrayInputStream(c.wire()), SERVICE, PEER_PID);
    }

    private static <T> T expect(T value, String signature, HelloCase c, HelloVerdict got) {
        PropertyAssertionError.check(value != null, signature, "got " + got + "\n" + c.describe());
        return value;
    }

    // ---- generation

    static HelloCase helloCase(FuzzedDataProvider data, List<Flaw> flaws) {
        List<String> labels = new ArrayList<>();
        Hello.Builder hello = validHello(data, labels::add).toBuilder();
        for (Flaw f : flaws) {
            flawHello(f, hello, data);
        }
        byte[] payload = hello.build().toByteArray();
        if (data.consumeInt(0, 3) == 0) {
            payload = Encodings.withUnknownFields(payload, HELLO_FIELDS, data, l -> { });
            labels.add("unknown field");
        }
        if (flaws.contains(Flaw.UNDECODABLE_PAYLOAD)) {
            payload = data.pickValue(List.of(new byte[] {0x07}, new byte[] {0x08}, new byte[] {0x1A, 0x05, 'a'},
                    new byte[] {0x1A, 0x01, (byte) 0xFF}, new byte[] {0x00, 0x01}));
        }
        Frame.Builder frame = ControlFrames.hello(Hello.getDefaultInstance(), Values.u64(data, "request_id", l -> { })).toBuilder()
                .setPayload(ByteString.copyFrom(payload));
        if (data.consumeBoolean()) {
            frame.setTraceparent("00-" + Values.printableAscii(data, 40)).setTracestate(data.consumeBoolean() ? "k=v" : "");
            labels.add("trace context");
        }
        for (Flaw f : flaws) {
            flawFrame(f, frame, data);
        }
        byte[] body = frame.build().toByteArray();
        if (flaws.isEmpty() && data.consumeInt(0, 9) == 0) {
            body = padded(body);
            labels.add("exactly the cap");
        }
        if (flaws.contains(Flaw.UNDECODABLE_FRAME)) {
            body = data.pickValue(List.of(new byte[] {0x0F}, new byte[] {0x08}, new byte[] {0x22, 0x05, 0x01},
                    new byte[] {0x00, 0x01}, new byte[] {0x42, 0x01, (byte) 0xFF}));
        }
        byte[] wire = Encodings.frameWire(body);
        wire = flawWire(flaws, wire, data);
        Frame sent;
        try {
            sent = Frame.parseFrom(body);
        } catch (InvalidProtocolBufferException e) {
            sent = Frame.getDefaultInstance();
        }
        return new HelloCase(hello.build(), sent, wire, flaws, labels);
    }

    /** A Hello as HELLO-2 describes it, its fields often at their limits. */
    private static Hello validHello(FuzzedDataProvider data, Consumer<String> labels) {
        int min = data.consumeBoolean() ? 1 : 0;
        int max = data.pickValue(new int[] {1, 1, 2, -1});
        labels.accept(min == 0 ? "min 0" : "min 1");
        labels.accept(max == 1 ? "max 1" : "max above 1");
        String version = data.consumeInt(0, 99) + "." + data.consumeInt(0, 99) + "." + data.consumeInt(0, 9999);
        if (data.consumeBoolean()) {
            version += "-" + lowerAlnumDot(data, 1, 20);
            labels.accept("prerelease");
        }
        if (data.consumeInt(0, 5) == 0) {
            version = "1.0.0-" + "a".repeat(64 - 6);
            labels.accept("wanted_version 64 bytes");
        }
        String clientVersion = data.consumeInt(0, 5) == 0 ? "é".repeat(64)
                : data.consumeBoolean() ? Values.printableAscii(data, 40) : "é".repeat(data.consumeInt(0, 63));
        if (clientVersion.getBytes(StandardCharsets.UTF_8).length == 128) {
            labels.accept("client_version 128 bytes");
        }
        String lib = data.consumeInt(0, 5) == 0 ? "l".repeat(64) : Values.printableAscii(data, 20);
        if (lib.length() == 64) {
            labels.accept("client_lib 64 bytes");
        }
        boolean pid = data.consumeBoolean();
        labels.accept(pid ? "peer_pid the peer" : "peer_pid 0");
        return Hello.newBuilder()
                .setClientMinProtocol(min)
                .setClientMaxProtocol(max)
                .setServiceName(SERVICE)
                .setWantedVersion(version)
                .setClientVersion(clientVersion)
                .setClientCapabilities(data.consumeLong())
                .setAuthToken(ByteString.copyFrom(data.consumeBytes(data.consumeInt(0, 8))))
                .setRequestId(Values.printableAscii(data, 16))
                .setConnectionId(data.consumeBoolean() ? 0 : data.consumeLong())
                .setPeerPid(pid ? (int) PEER_PID : 0)
                .setClientLibName(lib)
                .setClientLibVersion(data.consumeBoolean() ? lib : "")
                .setClientKeepaliveSecs(data.consumeBoolean() ? 0 : data.consumeLong())
                .build();
    }

    private static String lowerAlnumDot(FuzzedDataProvider data, int min, int max) {
        String alphabet = "abcdefghijklmnopqrstuvwxyz0123456789.";
        int n = data.consumeInt(min, max);
        StringBuilder b = new StringBuilder(n);
        for (int i = 0; i < n; i++) {
            b.append(alphabet.charAt(data.consumeInt(0, alphabet.length() - 1)));
        }
        return b.toString();
    }

    private static void flawHello(Flaw f, Hello.Builder hello, FuzzedDataProvider data) {
        switch (f) {
            case PROTOCOL_RANGE -> {
                if (data.consumeBoolean()) {
                    int min = data.pickValue(new int[] {2, 3, -1});
                    hello.setClientMinProtocol(min).setClientMaxProtocol(data.consumeBoolean() ? min : -1);
                } else {
                    hello.setClientMinProtocol(0).setClientMaxProtocol(0);
                }
            }
            case SERVICE_NAME -> hello.setServiceName(data.pickValue(List.of("", "a".repeat(65), "Echo", "ec_ho", "écho", "echo ", "e/cho")));
            case WANTED_VERSION -> hello.setWantedVersion(data.pickValue(List.of("", "1.0", "1.0.0.0", "v1.0.0", "1.0.0-", "1.0.0-ALPHA",
                    "1.0.0-a-b", "1.x.0", "1.0.0-" + "a".repeat(59))));
            case CLIENT_VERSION -> hello.setClientVersion(data.consumeBoolean() ? "x".repeat(data.consumeInt(129, 300)) : "é".repeat(65));
            case CLIENT_LIB -> {
                String tooLong = data.consumeBoolean() ? "l".repeat(data.consumeInt(65, 100)) : "é".repeat(33);
                if (data.consumeBoolean()) {
                    hello.setClientLibName(tooLong);
                } else {
                    hello.setClientLibVersion(tooLong);
                }
            }
            case PEER_PID -> {
                int other = Values.u32Except((int) PEER_PID, data);
                hello.setPeerPid(other == 0 ? (int) PEER_PID + 1 : other);
            }
            case UNKNOWN_SERVICE -> hello.setServiceName(data.pickValue(List.of("other", "echo2", "e", "a".repeat(64), "zccache")));
            default -> { }
        }
    }

    private static void flawFrame(Flaw f, Frame.Builder frame, FuzzedDataProvider data) {
        switch (f) {
            case ENVELOPE_VERSION -> frame.setEnvelopeVersion(Values.u32Except(1, data));
            case KIND -> frame.setKindValue(Values.u32Except(FrameKind.FRAME_KIND_REQUEST_VALUE, data));
            case PAYLOAD_PROTOCOL -> frame.setPayloadProtocol(data.pickValue(new int[] {0xD0FF, 0xAD01, 0xB232, 0x5350, Values.u32Except(0, data)}));
            case COMPRESSED -> frame.setPayloadEncodingValue(Values.u32Except(0, data));
            default -> { }
        }
    }

    private static byte[] flawWire(List<Flaw> flaws, byte[] wire, FuzzedDataProvider data) {
        byte[] out = wire;
        if (flaws.contains(Flaw.OVERSIZED)) {
            long length = data.consumeBoolean() ? Framing.MAX_HELLO_FRAME_BYTES + 1L : data.consumeLong(Framing.MAX_HELLO_FRAME_BYTES + 1L, 0xFFFF_FFFFL);
            for (int i = 0; i < 4; i++) {
                out[1 + i] = (byte) (length >>> (8 * i));
            }
        }
        if (flaws.contains(Flaw.FRAMING_BYTE)) {
            out[0] = (byte) data.pickValue(new int[] {0, 2, 0xFF, data.consumeInt(2, 255)});
        }
        if (flaws.contains(Flaw.TRUNCATED)) {
            // alone anywhere; with another flaw inside the body, so that the other flaw's bytes stay
            int from = flaws.size() == 1 ? 0 : Framing.HEADER_LENGTH;
            out = Arrays.copyOf(out, data.consumeInt(from, out.length - 1));
        }
        return out;
    }

    /** The body padded with a reserved Frame field (15) to exactly the Hello cap. */
    private static byte[] padded(byte[] body) {
        int padding = Framing.MAX_HELLO_FRAME_BYTES - body.length - 4;
        byte[] header = {0x7A, (byte) (0x80 | padding & 0x7F), (byte) (0x80 | padding >>> 7 & 0x7F), (byte) (padding >>> 14)};
        return Encodings.concat(body, header, new byte[padding]);
    }
}
