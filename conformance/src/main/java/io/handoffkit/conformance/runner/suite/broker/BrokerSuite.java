package io.handoffkit.conformance.runner.suite.broker;

import static io.handoffkit.conformance.runner.model.Check.survives;
import static io.handoffkit.conformance.runner.suite.broker.BrokerChecks.*;
import static io.handoffkit.conformance.spec.RequirementId.*;

import com.google.protobuf.ByteString;
import io.handoffkit.conformance.runner.drive.ReceivedFrame;
import io.handoffkit.conformance.runner.drive.clientbackend.ClientBackendDriver;
import io.handoffkit.conformance.runner.drive.clientbackend.Exchange;
import io.handoffkit.conformance.runner.drive.clientbackend.Exchange.Copy;
import io.handoffkit.conformance.runner.drive.clientbackend.Exchange.Delivery;
import io.handoffkit.conformance.runner.drive.clientbackend.Observed;
import io.handoffkit.conformance.runner.drive.clientbackend.Offered;
import io.handoffkit.conformance.runner.drive.clientbackend.Reply;
import io.handoffkit.conformance.runner.model.Endpoint;
import io.handoffkit.conformance.runner.model.Endpoints;
import io.handoffkit.conformance.runner.model.Errors;
import io.handoffkit.conformance.runner.model.Outcome;
import io.handoffkit.conformance.runner.model.ProtocolRole;
import io.handoffkit.conformance.runner.model.Scenario;
import io.handoffkit.conformance.runner.model.ScenarioContext;
import io.handoffkit.conformance.runner.model.Section;
import io.handoffkit.conformance.runner.suite.CatalogueSuite;
import io.handoffkit.conformance.runner.model.Timing;
import io.handoffkit.conformance.runner.model.Transcript;
import io.handoffkit.conformance.spec.RequirementId;
import io.handoffkit.proto.v1.ErrorCode;
import io.handoffkit.proto.v1.FrameKind;
import io.handoffkit.proto.v1.PayloadEncoding;
import io.handoffkit.wire.Envelope;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * The broker-role suite (SPEC.md Appendix B): every scenario the runner, playing client and backend
 * at once, plays against a broker, and the cases judged on it. Case IDs ({@code broker/<REQ>/<n>})
 * are fixed here by hand and never renumbered or reused; the pinned list ({@value #PINNED}) holds them.
 */
public final class BrokerSuite extends CatalogueSuite {

    public static final String PREFIX = "broker";
    /** The client-facing socket the broker listens on. */
    public static final Endpoint SOCKET = new Endpoint("socket", "broker.sock", Endpoint.Listener.IMPLEMENTATION,
            "the client-facing socket the broker listens on");
    /** The handoff endpoint the broker dials, where the runner listens as the backend. */
    public static final Endpoint BACKEND = new Endpoint("backend", "backend.sock", Endpoint.Listener.RUNNER,
            "the handoff endpoint the broker dials (the runner listens there as the backend)");
    public static final String PINNED = "io/handoffkit/conformance/runner/suite/broker/cases.txt";
    /**
     * The time bounds of a broker run unless told otherwise: the broker's ACK deadline is ACK-6's
     * default (5 s, BPROFILE-4), and the idle bound is the Hello bound of BPROFILE-5 (30 s).
     */
    public static final Timing DEFAULT_TIMING = Timing.DEFAULTS.withAckTimeout(Duration.ofSeconds(5)).withIdleBound(Duration.ofSeconds(30));

    public static final BrokerSuite SUITE = new BrokerSuite();

    private BrokerSuite() {
        super(ProtocolRole.BROKER, PREFIX, List.of(SOCKET, BACKEND), List.of(BrokerSection.values()), PINNED);
    }

    @Override
    protected List<List<Scenario<?>>> tables() {
        return List.of(negotiation(), offerShape(), acks(), deadlines(), hygiene(), properties());
    }

    /** A plain valid handoff still completes: Negotiated with a token, the handoff, a relay (BROKER-8; its bytes are judged elsewhere). */
    @Override
    public Optional<String> stillServes(Endpoints at, Timing timing) {
        try {
            Observed o = ClientBackendDriver.at(at, timing, new Transcript())
                    .play(new Exchange(Hellos.valid(true), "a plain valid Hello", Acks.valid(), Copy.KEEP_FOR_RELAY));
            return o.afterReply() instanceof ReceivedFrame.Decoded ? Optional.empty()
                    : Optional.of("a valid handoff got no relay: " + BrokerChecks.describe(o.afterReply()));
        } catch (IOException e) {
            return Optional.of(Errors.message(e));
        }
    }


    // ---------------------------------------------------------------- helpers

    static Scenario<Observed> exchange(String name, Section s, Exchange e) {
        return new Scenario<>(PREFIX, name, s, ctx -> play(ctx, e));
    }

    static Observed play(ScenarioContext ctx, Exchange e) throws IOException {
        return ClientBackendDriver.at(ctx.endpoints(), ctx.timing(), ctx.transcript()).play(e);
    }

    static Exchange failing(byte[] hello, Function<Offered, Reply> answer) {
        return new Exchange(hello, "a valid Hello with bit 0", answer, Copy.DROP);
    }

    // ---------------------------------------------------------------- negotiation

    static List<Scenario<?>> negotiation() {
        BrokerSection s = BrokerSection.NEGOTIATION;
        List<Scenario<?>> list = new ArrayList<>();
        list.add(exchange("Hello with bit 0", s, new Exchange(Hellos.valid(true), "a valid Hello with bit 0", Acks.valid(), Copy.KEEP_FOR_RELAY))
                .check(NEG_1, 1, "the reply is one v1 RESPONSE frame on 0x0000 echoing the Hello's request_id, holding one result", replyFrame(Hellos.REQUEST_ID))
                .check(NEG_2, 1, "Negotiated: protocol 1 and a non-empty backend_pipe", negotiatedWithToken())
                .check(NEG_3, 1, "a Hello with bit 0 gets a 16-byte token and bit 0 in server_capabilities", negotiatedWithToken())
                .check(BROKER_1, 1, "with a token negotiated the broker dials {backend} (BPROFILE-2: every such Hello)", dialled())
                .check(BPROFILE_1, 1, "the broker serves Hellos at {socket} and dials {backend} for a handoff", dialled())
                .check(NEG_5, 2, "the broker dials {backend} only once Negotiated has reached the client", dialledAfterReply()));
        list.add(exchange("Hello without bit 0", s, new Exchange(Hellos.valid(false), "a valid Hello without bit 0", Acks.valid(), Copy.DROP))
                .check(NEG_3, 2, "a Hello without bit 0 gets Negotiated with no token and bit 0 clear", negotiatedWithoutToken())
                .check(BROKER_1, 2, "without a token the broker does not dial {backend}", notDialled())
                .check(BROKER_6, 1, "after a Negotiated without a handoff: no byte, then end of stream", endOfStream()));
        list.add(new Scenario<List<Observed>>(PREFIX, "two Hellos with bit 0", s, ctx -> List.of(
                play(ctx, new Exchange(Hellos.valid(true), "a first Hello with bit 0", Acks.valid(), Copy.KEEP_FOR_RELAY)),
                play(ctx, new Exchange(Hellos.valid(true), "a second Hello with bit 0", Acks.valid(), Copy.KEEP_FOR_RELAY))))
                .check(NEG_3, 3, "two Negotiated replies never carry the same token", (l, ctx) -> {
                    List<ByteString> tokens = l.stream().map(o -> o.negotiated().map(n -> n.getHandlePassedToken()).orElse(ByteString.EMPTY)).toList();
                    if (tokens.stream().anyMatch(t -> t.size() != 16)) {
                        return Outcome.fail("not two 16-byte tokens: " + tokens.stream().map(BrokerChecks::hex).toList());
                    }
                    return tokens.get(0).equals(tokens.get(1)) ? Outcome.fail("the same token twice: " + hex(tokens.get(0)))
                            : Outcome.pass("two different tokens");
                })
                .check(BPROFILE_2, 1, "every Hello with bit 0 is negotiated with a token and handed off", (l, ctx) ->
                        l.stream().allMatch(o -> o.handoff().isPresent() && o.negotiated().map(n -> n.getHandlePassedToken().size() == 16).orElse(false))
                                ? Outcome.pass("both handed off") : Outcome.fail("not every Hello with bit 0 was handed off")));
        refusal(list, s, "a framing byte of 2", w -> { w[0] = 2; return w; }, HELLO_4, 1, ErrorCode.ERROR_VERSION_UNSUPPORTED, 1);
        refusal(list, s, "a body that is not a Frame", w -> Hellos.framed(new byte[] {(byte) 0xFF, (byte) 0xFF}), HELLO_4, 2,
                ErrorCode.ERROR_PEER_REJECTED, 2);
        list.add(exchange("an oversized Hello", s, failing(Hellos.withHello(h -> h.setClientVersion("x".repeat(64 * 1024))), Acks.valid()))
                .check(HELLO_5, 1, "a Hello frame over 64 KiB is refused with ERROR_PEER_REJECTED", refused(ErrorCode.ERROR_PEER_REJECTED))
                .check(HELLO_12, 3, "the Refused has a reason, daemon protocols 1..1, no retry; then end of stream", refusalShape())
                .check(BROKER_8, 1, "the broker still serves a valid handoff afterwards", survives()));
        refusal(list, s, "envelope_version 2", w -> Hellos.withFrame(f -> f.setEnvelopeVersion(2)), HELLO_6, 1, ErrorCode.ERROR_VERSION_UNSUPPORTED, 4);
        refusal(list, s, "kind RESPONSE", w -> Hellos.withFrame(f -> f.setKind(FrameKind.FRAME_KIND_RESPONSE)), HELLO_6, 2, ErrorCode.ERROR_PEER_REJECTED, 5);
        refusal(list, s, "payload_protocol 0xD0FF", w -> Hellos.withFrame(f -> f.setPayloadProtocol(Envelope.HANDOFF_PAYLOAD_PROTOCOL)), HELLO_6, 3,
                ErrorCode.ERROR_PEER_REJECTED, 6);
        refusal(list, s, "payload_encoding ZSTD", w -> Hellos.withFrame(f -> f.setPayloadEncoding(PayloadEncoding.PAYLOAD_ENCODING_ZSTD)), HELLO_6, 4,
                ErrorCode.ERROR_PEER_REJECTED, 7);
        refusal(list, s, "a payload that is not a Hello", w -> Hellos.withFrame(f -> f.setPayload(ByteString.copyFrom(new byte[] {(byte) 0xFF}))), HELLO_7, 1,
                ErrorCode.ERROR_PEER_REJECTED, 8);
        refusal(list, s, "client_min_protocol 2", w -> Hellos.withHello(h -> h.setClientMinProtocol(2).setClientMaxProtocol(2)), HELLO_8, 1,
                ErrorCode.ERROR_VERSION_UNSUPPORTED, 9);
        refusal(list, s, "client_max_protocol 0", w -> Hellos.withHello(h -> h.setClientMinProtocol(0).setClientMaxProtocol(0)), HELLO_8, 2,
                ErrorCode.ERROR_VERSION_UNSUPPORTED, 10);
        refusal(list, s, "a malformed service_name", w -> Hellos.withHello(h -> h.setServiceName("Echo!")), HELLO_9, 1, ErrorCode.ERROR_PEER_REJECTED, 11);
        refusal(list, s, "a malformed wanted_version", w -> Hellos.withHello(h -> h.setWantedVersion("one")), HELLO_9, 2, ErrorCode.ERROR_PEER_REJECTED, 12);
        refusal(list, s, "a client_version of 129 bytes", w -> Hellos.withHello(h -> h.setClientVersion("v".repeat(129))), HELLO_9, 3,
                ErrorCode.ERROR_PEER_REJECTED, 13);
        refusal(list, s, "a client_lib_name of 65 bytes", w -> Hellos.withHello(h -> h.setClientLibName("n".repeat(65))), HELLO_9, 4,
                ErrorCode.ERROR_PEER_REJECTED, 14);
        refusal(list, s, "an unknown service", w -> Hellos.withHello(h -> h.setServiceName("no-such-service")), HELLO_10, 1,
                ErrorCode.ERROR_SERVICE_UNKNOWN, 15);
        refusal(list, s, "envelope_version 2 and kind EVENT", w -> Hellos.withFrame(f -> f.setEnvelopeVersion(2).setKind(FrameKind.FRAME_KIND_EVENT)),
                HELLO_11, 1, ErrorCode.ERROR_VERSION_UNSUPPORTED, 16);
        list.add(exchange("a Hello cut short", s, failing(Hellos.valid(true), Acks.valid()).delivered(Delivery.CUT_SHORT))
                .check(HELLO_4, 3, "a stream that ends before the Hello frame is complete is refused with ERROR_PEER_REJECTED",
                        refused(ErrorCode.ERROR_PEER_REJECTED))
                .check(HELLO_12, 17, "the Refused for a Hello cut short has a reason, daemon protocols 1..1, no retry; then end of stream",
                        refusalShape())
                .check(BROKER_8, 117, "the broker still serves a valid handoff after a Hello cut short", survives()));
        long notTheRunner = ProcessHandle.current().pid() + 1;
        list.add(exchange("a Hello with another process's peer_pid", s,
                failing(Hellos.withHello(h -> h.setPeerPid((int) notTheRunner)), Acks.valid()))
                .check(HELLO_9, 5, "a non-zero peer_pid other than the client's process id (as the kernel reports it) is refused with"
                        + " ERROR_PEER_REJECTED", peerPidRefused())
                .check(HELLO_12, 18, "the Refused for a wrong peer_pid has a reason, daemon protocols 1..1, no retry; then end of stream",
                        refusalShape())
                .check(BROKER_8, 118, "the broker still serves a valid handoff after a Hello with a wrong peer_pid", survives()));
        return list;
    }

    /** A defective Hello: refused with {@code code} (the requirement's case), the refusal's shape (HELLO-12), survival (BROKER-8). */
    private static void refusal(List<Scenario<?>> list, Section s, String what, java.util.function.UnaryOperator<byte[]> hello, RequirementId req, int n,
                                ErrorCode code, int shape) {
        list.add(exchange("a Hello with " + what, s, new Exchange(hello.apply(Hellos.valid(true)), "a Hello with " + what, Acks.valid(), Copy.DROP))
                .check(req, n, "a Hello with " + what + " is refused with " + code, refused(code))
                .check(HELLO_12, shape, "the Refused for " + what + " has a reason, daemon protocols 1..1, no retry; then end of stream", refusalShape())
                .check(BROKER_8, 100 + shape, "the broker still serves a valid handoff after a Hello with " + what, survives()));
    }

    // ---------------------------------------------------------------- offer shape

    static List<Scenario<?>> offerShape() {
        BrokerSection s = BrokerSection.OFFER;
        return List.of(exchange("a valid handoff", s, new Exchange(Hellos.valid(true), "a valid Hello with bit 0", Acks.valid(), Copy.KEEP_FOR_RELAY))
                .check(BROKER_2, 1, "the sideband's 16 bytes are the negotiated token", sidebandIsToken())
                .check(BROKER_2, 2, "exactly one descriptor comes with the sideband", oneDescriptor())
                .check(BROKER_2, 3, "the descriptor is the client's connection: probe bytes cross both ways", isClientsConnection())
                .check(BROKER_2, 4, "the descriptor is in blocking mode", blocking())
                .check(FRAMES_1, 1, "the offer frame: kind REQUEST, request_id = the offer's correlation_id", offer(o ->
                        offerFrame(o).getKind() == FrameKind.FRAME_KIND_REQUEST && offerFrame(o).getRequestId() == theOffer(o).getCorrelationId()
                                ? Optional.empty() : Optional.of("kind " + offerFrame(o).getKind() + ", request_id " + offerFrame(o).getRequestId()
                                + ", correlation_id " + theOffer(o).getCorrelationId()), "REQUEST, request_id = correlation_id"))
                .check(FRAMES_4, 1, "the offer frame's envelope: version 1, 0xD0FF, NONE, deadline 0, no trace context", offer(o -> {
                    var f = offerFrame(o);
                    return f.getEnvelopeVersion() == 1 && f.getPayloadProtocol() == Envelope.HANDOFF_PAYLOAD_PROTOCOL
                            && f.getPayloadEncoding() == PayloadEncoding.PAYLOAD_ENCODING_NONE && f.getDeadlineUnixMs() == 0
                            && f.getTraceparent().isEmpty() && f.getTracestate().isEmpty() ? Optional.empty()
                            : Optional.of("envelope " + f.toBuilder().clearPayload().build().toString().replace('\n', ' '));
                }, "the common envelope values"))
                .check(BROKER_3, 1, "the offer's handle_value is 0", offer(o -> theOffer(o).getHandleValue() == 0 ? Optional.empty()
                        : Optional.of("handle_value " + theOffer(o).getHandleValue()), "handle_value 0"))
                .check(BROKER_3, 2, "the offer's token is the negotiated token", offer(o -> o.negotiated().map(n -> n.getHandlePassedToken())
                        .filter(t -> t.equals(theOffer(o).getToken())).isPresent() ? Optional.empty()
                        : Optional.of("offer token " + hex(theOffer(o).getToken())), "the negotiated token"))
                .check(BROKER_3, 3, "the offer's service_name is the Hello's", offer(o -> theOffer(o).getServiceName().equals(Hellos.SERVICE)
                        ? Optional.empty() : Optional.of("service_name '" + theOffer(o).getServiceName() + "'"), "service_name " + Hellos.SERVICE))
                .check(NEG_4, 1, "the offer's correlation_id is Negotiated.connection_id", offer(o -> theOffer(o).getCorrelationId() == connectionId(o)
                        ? Optional.empty() : Optional.of("correlation_id " + theOffer(o).getCorrelationId() + ", connection_id " + connectionId(o)),
                        "correlation_id = connection_id"))
                .check(BROKER_4, 1, "after a valid accepted ACK the broker relays on the client's connection", (o, ctx) ->
                        o.afterReply() instanceof ReceivedFrame.Decoded ? Outcome.pass("a relay came") : Outcome.fail("no relay: " + describe(o.afterReply())))
                .check(FRAMES_3, 1, "the relay is the canonical one, byte for byte (negotiated token, accepted, no detail, correlation = connection_id)",
                        canonicalRelay())
                .check(NEG_5, 1, "Negotiated is the first frame on the connection, and only the relay follows it", (o, ctx) ->
                        o.negotiated().isPresent() && o.afterReply() instanceof ReceivedFrame.Decoded ? Outcome.pass("Negotiated, then the relay")
                                : Outcome.fail("reply " + replyText(o) + ", then " + describe(o.afterReply())))
                .check(BROKER_5, 1, "after the relay the connection is the backend's: probes cross, end of stream once the backend drops it", letGo()));
    }

    // ---------------------------------------------------------------- ACK outcomes

    static List<Scenario<?>> acks() {
        BrokerSection s = BrokerSection.ACK;
        List<Scenario<?>> list = new ArrayList<>();
        failedAck(list, s, "framing byte 2", Acks.framingByte(2), FRAME_1, 1, 1);
        failedAck(list, s, "a header over the 16 MiB cap", Acks.oversize(), FRAME_2, 1, 2);
        failedAck(list, s, "a truncated ACK", Acks.truncated(3), FRAME_6, 1, 3);
        failedAck(list, s, "a body that is not a Frame", Acks.undecodableFrame(), DEC_1, 1, 4);
        failedAck(list, s, "a payload that is not a HandoffAck", Acks.undecodablePayload(), DEC_2, 1, 5);
        failedAck(list, s, "envelope_version 2", Acks.frame("an ACK with envelope_version 2", f -> f.setEnvelopeVersion(2)), ENV_1, 1, 6);
        failedAck(list, s, "kind EVENT", Acks.frame("an ACK of kind EVENT", f -> f.setKind(FrameKind.FRAME_KIND_EVENT)), ENV_2, 1, 7);
        failedAck(list, s, "payload_protocol 0", Acks.frame("an ACK on payload protocol 0", f -> f.setPayloadProtocol(0)), ENV_3, 1, 8);
        failedAck(list, s, "payload_encoding ZSTD", Acks.frame("a compressed ACK", f -> f.setPayloadEncoding(PayloadEncoding.PAYLOAD_ENCODING_ZSTD)),
                ENV_4, 1, 9);
        failedAck(list, s, "a wrong frame request_id", Acks.frame("an ACK frame with request_id + 1", f -> f.setRequestId(f.getRequestId() + 1)),
                ACK_2, 1, 10);
        failedAck(list, s, "a wrong ACK correlation_id", Acks.payload("an ACK with correlation_id + 1", a -> a.setCorrelationId(a.getCorrelationId() + 1)),
                ACK_3, 1, 11);
        failedAck(list, s, "a wrong token echo", Acks.payload("an ACK echoing another token", a -> a.setToken(Acks.flipped(a.getToken()))),
                ACK_4, 1, 12);
        failedAck(list, s, "an empty token echo", Acks.payload("an ACK echoing no token", a -> a.clearToken()), ACK_4, 2, 13);
        failedAck(list, s, "a refusal with a detail", Acks.payload("a refusing ACK", a -> a.setAccepted(false).setErrorDetail("no thanks")),
                ACK_5, 1, 14);
        failedAck(list, s, "a refusal without a detail", Acks.payload("a refusing ACK without detail", a -> a.setAccepted(false)), ACK_5, 2, 15);
        list.add(new Scenario<Observed>(PREFIX, "an ACK: after the deadline", s, ctx -> play(ctx, failing(Hellos.valid(true),
                o -> Acks.valid().apply(o).after(ctx.timing().ackTimeout().plus(LATE)))))
                .check(ACK_6, 1, "an ACK written after the broker's ACK deadline (--ack-timeout) gets no relay", noRelay())
                .check(BPROFILE_3, 16, "after a late ACK: no byte after Negotiated, end of stream once the backend dropped its copy", endOfStream())
                .check(BROKER_8, 216, "the broker still serves a valid handoff after a late ACK", survives()));
        failedAck(list, s, "end of stream instead of an ACK", o -> Reply.of(new byte[0], "no ACK").thenHangUp(), ACK_8, 1, 17);
        relayedAck(list, s, "an accepted ACK with a detail", Acks.payload("an accepted ACK with a detail", a -> a.setErrorDetail("fine, thanks")),
                FRAMES_3, 2, 1);
        relayedAck(list, s, "a valid ACK followed by garbage", Acks.garbageAfter(), FRAME_9, 1, 2);
        relayedAck(list, s, "a valid ACK with an unknown field", Acks.unknownFields(), DEC_3, 1, 3);
        return list;
    }

    /** A failed handoff: no relay (the requirement's case), end of stream (BPROFILE-3), survival (BROKER-8). */
    private static void failedAck(List<Scenario<?>> list, Section s, String what, Function<Offered, Reply> answer, RequirementId req, int n, int k) {
        list.add(exchange("an ACK: " + what, s, failing(Hellos.valid(true), answer))
                .check(req, n, "after an ACK with " + what + " the broker relays nothing", noRelay())
                .check(BPROFILE_3, k, "after an ACK with " + what + ": no byte after Negotiated, end of stream once the backend dropped its copy",
                        endOfStream())
                .check(BROKER_8, 200 + k, "the broker still serves a valid handoff after an ACK with " + what, survives()));
    }

    /** A completed handoff with an unusual valid ACK: the canonical relay, survival. */
    private static void relayedAck(List<Scenario<?>> list, Section s, String what, Function<Offered, Reply> answer, RequirementId req, int n, int k) {
        list.add(exchange("an ACK: " + what, s, new Exchange(Hellos.valid(true), "a valid Hello with bit 0", answer, Copy.KEEP_FOR_RELAY))
                .check(req, n, "after " + what + " the broker relays the canonical relay, never the backend's bytes", canonicalRelay())
                .check(BROKER_8, 300 + k, "the broker still serves a valid handoff after " + what, survives()));
    }

    // ---------------------------------------------------------------- deadlines

    /** How long after the broker's ACK deadline the late ACK is written. */
    static final Duration LATE = Duration.ofMillis(200);

    static List<Scenario<?>> deadlines() {
        BrokerSection s = BrokerSection.DEADLINES;
        List<Scenario<?>> list = new ArrayList<>();
        list.add(exchange("a silent backend", s, failing(Hellos.valid(true), o -> Reply.silence()).withSecondHello(Hellos.valid(false)))
                .check(BPROFILE_4, 1, "a silent backend: the broker gives up at its ACK deadline and closes the client connection within 1 s after it",
                        closedWithin(d -> d))
                .check(BROKER_4, 2, "a silent backend gets no relay", noRelay())
                .check(BROKER_7, 1, "another client's Hello is answered while the handoff waits for its ACK", secondServed())
                .check(BPROFILE_3, 18, "after a silent backend: no byte after Negotiated, end of stream", endOfStream())
                .check(BROKER_8, 218, "the broker still serves a valid handoff after a silent backend", survives()));
        list.add(new Scenario<Observed>(PREFIX, "a trickling backend", s, ctx -> play(ctx, failing(Hellos.valid(true),
                o -> Acks.valid().apply(o).trickled(trickle(ctx.timing(), Acks.validBytes(o).length)))))
                .check(BPROFILE_4, 2, "a backend trickling its ACK past the deadline: the client connection is closed within 1 s after the deadline",
                        closedWithin(d -> d))
                .check(ACK_7, 1, "the broker's ACK read ends at its deadline although bytes keep coming: the client connection is closed"
                        + " within 1 s after the deadline", closedWithin(d -> d))
                .check(BROKER_4, 3, "an ACK trickled past the deadline gets no relay", noRelay())
                .check(BROKER_8, 219, "the broker still serves a valid handoff after a trickling backend", survives()));
        list.add(new Scenario<Observed>(PREFIX, "a trickling backend, profile 4.5.5", s, ctx -> play(ctx, failing(Hellos.valid(true),
                o -> Acks.valid().apply(o).trickled(trickle(ctx.timing(), Acks.validBytes(o).length)))))
                .check(ACK_9, 1, "a 4.5.5 broker reads on while each byte comes within its ACK deadline, then judges the ACK late: no relay",
                        noRelay())
                .check(ACK_9, 2, "the client connection is closed within 1 s after the trickled ACK's last byte (twice the ACK deadline)",
                        closedWithin(d -> d.multipliedBy(2)))
                .check(BROKER_8, 220, "the broker still serves a valid handoff after a trickling backend", survives()));
        list.add(exchange("a trickled Hello", s, failing(Hellos.valid(true), Acks.valid()).delivered(Delivery.TRICKLED))
                .check(BPROFILE_5, 1, "a Hello trickled over twice the broker's Hello bound (--idle-bound) is dropped within the bound,"
                        + " with or without a Refused (ERROR_PEER_REJECTED)", incompleteHelloDropped())
                .check(BROKER_8, 221, "the broker still serves a valid handoff after a trickled Hello", survives()));
        list.add(exchange("a prompt answer", s, new Exchange(Hellos.valid(true), "a valid Hello with bit 0", Acks.valid(), Copy.KEEP_FOR_RELAY))
                .check(BPROFILE_4, 3, "after the ACK the relay comes within 1 s", (o, ctx) -> o.afterReply() instanceof ReceivedFrame.Decoded d
                        ? (d.after().compareTo(ctx.timing().closeBound()) <= 0 ? Outcome.pass("relayed after " + d.after().toMillis() + " ms")
                        : Outcome.fail("relayed only after " + d.after().toMillis() + " ms"))
                        : Outcome.fail("no relay: " + describe(o.afterReply()))));
        return list;
    }

    /** One byte every so often, the whole ACK taking twice the broker's ACK deadline. */
    static Duration trickle(Timing t, int bytes) {
        return Duration.ofMillis(Math.max(5, 2 * t.ackTimeout().toMillis() / Math.max(1, bytes - 1)));
    }

    // ---------------------------------------------------------------- hygiene

    static List<Scenario<?>> hygiene() {
        BrokerSection s = BrokerSection.HYGIENE;
        List<Scenario<?>> list = new ArrayList<>();
        hygiene(list, s, "a refused handoff", Acks.payload("a refusing ACK", a -> a.setAccepted(false).setErrorDetail("no")), 2);
        hygiene(list, s, "a garbled ACK", Acks.undecodableFrame(), 4);
        hygiene(list, s, "a wrong token echo", Acks.payload("an ACK echoing another token", a -> a.setToken(Acks.flipped(a.getToken()))), 6);
        return list;
    }

    private static void hygiene(List<Scenario<?>> list, Section s, String what, Function<Offered, Reply> answer, int n) {
        list.add(exchange("after " + what, s, new Exchange(Hellos.valid(true), "a valid Hello with bit 0", answer, Copy.KEEP_TO_PROBE))
                .check(BROKER_6, n, "after " + what + " the broker closes its copy without shutting the connection down", noShutdown())
                .check(BROKER_6, n + 1, "after " + what + " the broker keeps no copy: end of stream once the backend dropped its own", (o, ctx) ->
                        o.endAfterDrop() == io.handoffkit.conformance.runner.drive.RecordedSocket.End.END ? Outcome.pass("end of stream")
                                : Outcome.fail("the client connection stayed open (" + o.endAfterDrop() + "): someone still holds a copy")));
    }

    // ---------------------------------------------------------------- properties

    static List<Scenario<?>> properties() {
        return BrokerProperties.scenarios();
    }
}
