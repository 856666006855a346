package io.handoffkit.conformance.runner.suite.backend;

import static io.handoffkit.conformance.runner.model.Check.on;
import static io.handoffkit.conformance.runner.model.Check.survives;
import static io.handoffkit.conformance.runner.suite.backend.BackendChecks.accepted;
import static io.handoffkit.conformance.runner.suite.backend.BackendChecks.acceptedEchoing;
import static io.handoffkit.conformance.runner.suite.backend.BackendChecks.ackFrame;
import static io.handoffkit.conformance.runner.suite.backend.BackendChecks.adopted;
import static io.handoffkit.conformance.runner.suite.backend.BackendChecks.droppedWithinBound;
import static io.handoffkit.conformance.runner.suite.backend.BackendChecks.echoUntilEnd;
import static io.handoffkit.conformance.runner.suite.backend.BackendChecks.echoes;
import static io.handoffkit.conformance.runner.suite.backend.BackendChecks.noAck;
import static io.handoffkit.conformance.runner.suite.backend.BackendChecks.notAccepted;
import static io.handoffkit.conformance.runner.suite.backend.BackendChecks.refused;
import static io.handoffkit.conformance.runner.suite.backend.BackendChecks.released;
import static io.handoffkit.conformance.spec.RequirementId.*;

import com.google.protobuf.ByteString;
import io.handoffkit.conformance.property.gen.Defect;
import io.handoffkit.conformance.property.gen.Encodings;
import io.handoffkit.conformance.property.suite.HandoffProperties;
import io.handoffkit.conformance.runner.drive.Fresh;
import io.handoffkit.conformance.runner.drive.broker.Answer;
import io.handoffkit.conformance.runner.drive.broker.Attempt;
import io.handoffkit.conformance.runner.drive.broker.BackendOverSockets;
import io.handoffkit.conformance.runner.drive.broker.BrokerDriver;
import io.handoffkit.conformance.runner.drive.broker.Offers;
import io.handoffkit.conformance.runner.drive.broker.Plan;
import io.handoffkit.conformance.runner.model.CaseVerdict;
import io.handoffkit.conformance.runner.model.Endpoint;
import io.handoffkit.conformance.runner.model.Endpoints;
import io.handoffkit.conformance.runner.model.Outcome;
import io.handoffkit.conformance.runner.model.ProtocolRole;
import io.handoffkit.conformance.runner.model.Scenario;
import io.handoffkit.conformance.runner.model.ScenarioContext;
import io.handoffkit.conformance.runner.model.Timing;
import io.handoffkit.conformance.runner.suite.CatalogueSuite;
import io.handoffkit.conformance.runner.suite.PropertyCases;
import io.handoffkit.conformance.spec.RequirementId;
import io.handoffkit.conformance.verdict.Role;
import io.handoffkit.proto.v1.Frame;
import io.handoffkit.proto.v1.FrameKind;
import io.handoffkit.proto.v1.HandoffOffer;
import io.handoffkit.proto.v1.PayloadEncoding;
import io.handoffkit.wire.Envelope;
import io.handoffkit.wire.Framing;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * The backend-role suite (SPEC.md Appendix A): every scenario the runner, playing the broker,
 * plays against a backend and the cases judged on it, by section. Case IDs are fixed here by hand
 * ({@code handoff/<REQ>/<n>}, property-driven {@code handoff/<REQ>/p<n>}) and never renumbered or
 * reused; new cases take new numbers. The pinned list ({@value #PINNED}) holds them.
 */
public final class BackendSuite extends CatalogueSuite {

    /** The first part of every case ID of the backend suite. */
    public static final String PREFIX = "handoff";
    /** The one endpoint of a backend: the handoff socket it listens on ({@code {socket}}). */
    public static final Endpoint SOCKET = new Endpoint("socket", "backend.sock", Endpoint.Listener.IMPLEMENTATION,
            "the handoff socket the backend listens on");
    /** The pinned case list, on the class path. */
    public static final String PINNED = "io/handoffkit/conformance/runner/suite/backend/cases.txt";

    /** The suite. */
    public static final BackendSuite SUITE = new BackendSuite();

    /** A correlation id with every byte different, so a swapped or truncated echo shows. */
    static final long CORRELATION = 0x0123_4567_89AB_CDEFL;

    private BackendSuite() {
        super(ProtocolRole.BACKEND, PREFIX, List.of(SOCKET), List.of(BackendSection.values()), PINNED);
    }

    @Override
    protected List<List<Scenario<?>>> tables() {
        return List.of(offers(), rejections(), tokens(), robustness(), properties());
    }

    /** A plain valid handoff still gets an answer (PROFILE-5). */
    @Override
    public Optional<String> stillServes(Endpoints at, Timing timing) {
        return BrokerDriver.stillServes(at.path(SOCKET), timing);
    }


    // ---------------------------------------------------------------- valid offers

    static List<Scenario<?>> offers() {
        BackendSection s = BackendSection.OFFERS;
        List<Scenario<?>> list = new ArrayList<>();
        list.add(single("baseline offer", s, t -> Plan.handoff(t, Offers.valid(t, CORRELATION)))
                .check(PROFILE_1, 1, "the backend accepts a handoff connection at the given path and answers a valid offer",
                        (a, ctx) -> a.answer() instanceof Answer.Ack ? Outcome.pass("answered") : Outcome.fail("got " + a.answer().describe()))
                .check(OFFER_6, 1, "a valid offer is accepted: accepted=true, empty error_detail, the presented token and correlation id echoed", acceptedEchoing())
                .check(FRAMES_2, 1, "the ACK frame: v1, RESPONSE, 0xD0FF, uncompressed, request_id = the ACK's correlation_id, no deadline or trace context", ackFrame())
                .check(PROFILE_4, 1, "the passed connection itself is adopted: probe bytes written on the client end come back", adopted()));
        list.add(single("edge values: correlation id 0, handle 0, empty service name", s,
                t -> Plan.handoff(t, wire(offer(t, 0).setServiceName(""))))
                .check(OFFER_6, 2, "correlation id 0 and an empty service name: accepted, token and correlation id echoed", acceptedEchoing()));
        list.add(single("edge values: correlation id and handle 2^64-1", s,
                t -> Plan.handoff(t, wire(offer(t, -1L).setHandleValue(-1L))))
                .check(OFFER_6, 3, "correlation id and handle_value 2^64-1: accepted, token and correlation id echoed", acceptedEchoing()));
        list.add(single("non-ASCII service name", s,
                t -> Plan.handoff(t, wire(offer(t, CORRELATION).setServiceName("サービス/сервис-🙂"))))
                .check(OFFER_6, 4, "a non-ASCII service name: accepted, token and correlation id echoed", acceptedEchoing()));
        list.add(single("offer over 64 KiB", s,
                t -> Plan.handoff(t, wire(offer(t, CORRELATION).setServiceName("s".repeat(100_000)))))
                .check(FRAME_3, 1, "an offer of 100 KB is within the 16 MiB cap (64 KiB is the Hello's cap only): accepted", accepted()));
        list.add(single("unknown and reserved fields", s, t -> Plan.handoff(t, Offers.wire(withUnknownFields(t))))
                .check(DEC_3, 1, "unknown and reserved fields in the Frame and in the HandoffOffer are skipped: accepted", accepted()));
        list.add(single("fields in descending order", s, t -> Plan.handoff(t, Offers.wire(reordered(t))))
                .check(DEC_9, 1, "Frame and HandoffOffer fields in descending order: accepted", accepted()));
        list.add(single("duplicate fields, the last one right", s, t -> Plan.handoff(t, Offers.wire(duplicated(t))))
                .check(DEC_5, 1, "request_id, correlation_id and token each sent twice, the last value right: accepted", accepted()));
        list.add(single("kind encoded as 2^32", s, t -> Plan.handoff(t, Offers.wire(Offers.concat(
                        Offers.frame(offer(t, CORRELATION).build()).build().toByteArray(), Offers.varintField(2, 1L << 32)))))
                .check(DEC_4, 1, "kind written as the 64-bit varint 2^32 keeps its low 32 bits (0 = REQUEST): accepted", accepted()));
        list.add(single("unchecked envelope fields set", s, t -> Plan.handoff(t, Offers.wire(Offers.frame(offer(t, CORRELATION).build())
                        .setDeadlineUnixMs(1_700_000_000_000L)
                        .setTraceparent("00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01")
                        .setTracestate("vendor=value").build())))
                .check(OFFER_1, 1, "deadline_unix_ms, traceparent and tracestate are not among the backend's checks: accepted", accepted()));
        list.add(single("long echo", s, t -> Plan.handoff(t, Offers.valid(t, CORRELATION)).withEcho(64 * 1024))
                .check(PROFILE_4, 2, "the adopted connection echoes 64 KiB, and is ended by the backend after the client end stops sending", echoUntilEnd()));
        // groups are a wire type of their own: a decoder that skips other unknown fields may still choke on them
        list.add(single("unknown group in the Frame", s, t -> Plan.handoff(t, Offers.wire(Offers.concat(body(t),
                        Offers.groupField(1000, Offers.varintField(1, 1))))))
                .check(DEC_3, 2, "a well-formed unknown group (field 1000, holding a varint) in the Frame is skipped: accepted", accepted()));
        list.add(single("unknown group in the HandoffOffer", s, t -> Plan.handoff(t, Offers.wire(Offers.frame(offer(t, CORRELATION).build())
                        .setPayload(ByteString.copyFrom(Offers.concat(offer(t, CORRELATION).build().toByteArray(),
                                Offers.groupField(2000, Offers.bytesField(1, new byte[] {'g'}))))).build())))
                .check(DEC_3, 3, "a well-formed unknown group (field 2000, holding a string) in the HandoffOffer is skipped: accepted", accepted()));
        list.add(single("default values written explicitly", s, t -> Plan.handoff(t, Offers.wire(explicitDefaults(t))))
                .check(FRAMES_4, 1, "kind, payload_encoding, deadline_unix_ms, the trace strings and handle_value written with their default value"
                        + " read as if omitted: accepted", accepted()));
        list.add(single("zero-padded varints", s, t -> Plan.handoff(t, Offers.wire(zeroPadded(t))))
                .check(DEC_1, 3, "zero-padded varints (a tag, values and lengths) are valid encodings: accepted", accepted()));
        list.add(single("bytes after the offer", s, t -> Plan.handoff(t, Offers.concat(Offers.valid(t, CORRELATION), new byte[] {1, 5, 0})))
                .check(FRAME_9, 1, "bytes after the offer frame (the start of a next header) stay unread: the offer is accepted", accepted()));
        return list;
    }

    // ---------------------------------------------------------------- rejection classes

    /**
     * One malformed offer per rejection class, judged three ways: no ACK ({@code requirement}/{@code number}, the class),
     * the descriptor released ({@code OFFER-3}/{@code released}), the backend survives ({@code PROFILE-5}/{@code survives}).
     */
    private record Malformed(String name, RequirementId requirement, int number, int released, int survives, String title,
                             Function<byte[], Plan> plan) {}

    static List<Scenario<?>> rejections() {
        List<Malformed> m = List.of(
                new Malformed("framing byte 0", FRAME_1, 1, 1, 1, "framing byte 0",
                        t -> Plan.handoff(t, framingByte(Offers.valid(t, CORRELATION), 0))),
                new Malformed("framing byte 2", FRAME_1, 2, 2, 2, "framing byte 2",
                        t -> Plan.handoff(t, framingByte(Offers.valid(t, CORRELATION), 2))),
                new Malformed("length cap + 1", FRAME_2, 1, 3, 3, "a length header of 16 MiB + 1 (no body sent: it must be refused before reading one)",
                        t -> Plan.handoff(t, Offers.header(Framing.MAX_FRAME_BYTES + 1L))),
                new Malformed("length 2^32 - 1", FRAME_2, 2, 4, 4, "a length header of 2^32 - 1 (no body sent)",
                        t -> Plan.handoff(t, Offers.header(0xFFFF_FFFFL))),
                new Malformed("end of stream in the length", FRAME_6, 1, 5, 5, "the stream ends inside the length header",
                        t -> Plan.handoff(t, Arrays.copyOf(Offers.valid(t, CORRELATION), 3)).delivered(new Plan.Delivery.WholeThenEnd())),
                new Malformed("end of stream in the body", FRAME_6, 2, 6, 6, "the stream ends inside the body",
                        t -> Plan.handoff(t, cut(Offers.valid(t, CORRELATION), 4)).delivered(new Plan.Delivery.WholeThenEnd())),
                new Malformed("zero-length body", FRAME_5, 1, 7, 7, "a zero-length frame (a Frame of defaults: envelope_version 0)",
                        t -> Plan.handoff(t, Offers.header(0))),
                new Malformed("body: truncated varint", DEC_1, 1, 8, 8, "a body that ends inside a varint",
                        t -> Plan.handoff(t, Offers.wire(new byte[] {0x08, (byte) 0x80}))),
                new Malformed("body: wire type 7", DEC_1, 2, 9, 9, "a body with a field of wire type 7",
                        t -> Plan.handoff(t, Offers.wire(Offers.concat(body(t), new byte[] {0x0F, 0x00})))),
                new Malformed("body: invalid UTF-8 in traceparent", DEC_7, 1, 10, 10, "invalid UTF-8 in traceparent",
                        t -> Plan.handoff(t, Offers.wire(Offers.concat(body(t), Offers.bytesField(8, new byte[] {(byte) 0xC3, 0x28}))))),
                new Malformed("envelope_version 2", ENV_1, 1, 11, 11, "envelope_version 2",
                        t -> Plan.handoff(t, Offers.wire(Offers.frame(offer(t, CORRELATION).build()).setEnvelopeVersion(2).build()))),
                new Malformed("kind RESPONSE", ENV_2, 1, 12, 12, "kind RESPONSE instead of REQUEST",
                        t -> Plan.handoff(t, Offers.wire(Offers.frame(offer(t, CORRELATION).build()).setKind(FrameKind.FRAME_KIND_RESPONSE).build()))),
                new Malformed("kind 7 (unknown)", ENV_2, 2, 13, 13, "kind 7, a number FrameKind does not define",
                        t -> Plan.handoff(t, Offers.wire(Offers.frame(offer(t, CORRELATION).build()).setKindValue(7).build()))),
                new Malformed("payload_protocol 0x0000", ENV_3, 1, 14, 14, "payload_protocol 0x0000 (control) instead of 0xD0FF",
                        t -> Plan.handoff(t, Offers.wire(Offers.frame(offer(t, CORRELATION).build()).setPayloadProtocol(0).build()))),
                new Malformed("payload_encoding ZSTD", ENV_4, 1, 15, 15, "payload_encoding ZSTD",
                        t -> Plan.handoff(t, Offers.wire(Offers.frame(offer(t, CORRELATION).build())
                                .setPayloadEncoding(PayloadEncoding.PAYLOAD_ENCODING_ZSTD).build()))),
                new Malformed("payload_encoding 9 (unknown)", ENV_4, 2, 16, 16, "payload_encoding 9, a number PayloadEncoding does not define",
                        t -> Plan.handoff(t, Offers.wire(Offers.frame(offer(t, CORRELATION).build()).setPayloadEncodingValue(9).build()))),
                new Malformed("payload: truncated varint", DEC_2, 1, 17, 17, "a payload that is not a HandoffOffer (it ends inside a varint)",
                        t -> Plan.handoff(t, Offers.wire(Offers.frame(offer(t, CORRELATION).build())
                                .setPayload(ByteString.copyFrom(new byte[] {0x08, (byte) 0x80})).build()))),
                new Malformed("payload: invalid UTF-8 in service_name", DEC_7, 2, 18, 18, "invalid UTF-8 in service_name",
                        t -> Plan.handoff(t, Offers.wire(Offers.frame(offer(t, CORRELATION).build())
                                .setPayload(ByteString.copyFrom(Offers.concat(offer(t, CORRELATION).clearServiceName().build().toByteArray(),
                                        Offers.bytesField(3, new byte[] {(byte) 0xFF, (byte) 0xFE})))).build()))),
                new Malformed("request_id ≠ correlation_id", OFFER_2, 1, 19, 19, "frame request_id differs from the offer's correlation_id",
                        t -> Plan.handoff(t, Offers.wire(Offers.frame(offer(t, CORRELATION).build()).setRequestId(CORRELATION + 1).build()))));
        List<Scenario<?>> list = new ArrayList<>();
        for (Malformed x : m) {
            list.add(single(x.name(), BackendSection.REJECTIONS, x.plan())
                    .check(x.requirement(), x.number(), x.title() + ": no ACK, the handoff connection is closed", noAck())
                    .check(OFFER_3, x.released(), "after " + x.title() + ": the descriptor is closed without shutdown and not adopted", released())
                    .check(PROFILE_5, x.survives(), "after " + x.title() + ": the backend still serves the next handoff", survives()));
        }
        // the token is judged only after OFFER-1's checks: a backend that judges it first answers with a refusal instead
        list.add(single("request_id ≠ correlation_id and an empty token", BackendSection.REJECTIONS,
                t -> Plan.handoff(t, Offers.wire(Offers.frame(offer(new byte[0], CORRELATION).build()).setRequestId(CORRELATION + 1).build())))
                .check(OFFER_1, 2, "a frame request_id that differs from the correlation_id and an empty token: the correlation check comes first,"
                        + " so no ACK (not a \"handoff token is missing\" refusal)", noAck()));
        return list;
    }

    // ---------------------------------------------------------------- token judgement

    static List<Scenario<?>> tokens() {
        BackendSection s = BackendSection.TOKENS;
        List<Scenario<?>> list = new ArrayList<>();
        list.add(single("token mismatch", s, t -> Plan.handoff(t, wire(offer(flipBit(t), CORRELATION))))
                .check(TOKEN_4, 1, "a token one bit off the sideband token: refused with \"handoff token mismatch\"", refused("handoff token mismatch"))
                .check(OFFER_6, 5, "the refusal echoes the presented (mismatched) token, not the sideband's, and the correlation id", echoes())
                .check(OFFER_7, 1, "after the mismatch refusal: the descriptor is closed without shutdown and not adopted", released())
                .check(PROFILE_5, 20, "after a mismatch refusal: the backend still serves the next handoff", survives()));
        list.add(single("token missing", s, t -> Plan.handoff(t, wire(offer(new byte[0], CORRELATION))))
                .check(OFFER_4, 1, "an empty token: refused with \"handoff token is missing\"", refused("handoff token is missing"))
                .check(OFFER_6, 6, "the refusal echoes the presented (empty) token and the correlation id", echoes())
                .check(OFFER_7, 2, "after the missing-token refusal: the descriptor is closed without shutdown and not adopted", released())
                .check(PROFILE_5, 21, "after a missing-token refusal: the backend still serves the next handoff", survives()));
        list.add(single("token of 15 bytes", s, t -> Plan.handoff(t, wire(offer(Arrays.copyOf(t, 15), CORRELATION))))
                .check(OFFER_5, 1, "a 15-byte token: refused with \"handoff token length was 15 bytes; expected 16\"",
                        refused("handoff token length was 15 bytes; expected 16"))
                .check(OFFER_6, 7, "the refusal echoes the presented 15 bytes and the correlation id", echoes())
                .check(OFFER_7, 3, "after the 15-byte refusal: the descriptor is closed without shutdown and not adopted", released())
                .check(PROFILE_5, 22, "after a 15-byte-token refusal: the backend still serves the next handoff", survives()));
        list.add(single("token of 17 bytes", s, t -> Plan.handoff(t, wire(offer(Arrays.copyOf(t, 17), CORRELATION))))
                .check(OFFER_5, 2, "a 17-byte token (the sideband token plus one byte): refused with \"handoff token length was 17 bytes; expected 16\"",
                        refused("handoff token length was 17 bytes; expected 16"))
                .check(OFFER_6, 8, "the refusal echoes the presented 17 bytes and the correlation id", echoes())
                .check(OFFER_7, 4, "after the 17-byte refusal: the descriptor is closed without shutdown and not adopted", released())
                .check(PROFILE_5, 23, "after a 17-byte-token refusal: the backend still serves the next handoff", survives()));
        list.add(multi("replay of a consumed token", s, t -> List.of(
                        Plan.handoff(t, Offers.valid(t, CORRELATION)),
                        Plan.handoff(t, Offers.valid(t, CORRELATION + 2))))
                .check(TOKEN_5, 1, "a token is accepted once: the second handoff with the same token is not accepted",
                        (as, ctx) -> {
                            Outcome first = accepted().judge(as.get(0), ctx);
                            if (first.verdict() != CaseVerdict.PASSED) {
                                return Outcome.skip("the first presentation was not accepted (" + first.message() + ")");
                            }
                            return on(1, notAccepted()).judge(as, ctx).verdict() == CaseVerdict.PASSED
                                    ? Outcome.pass("first accepted, the replay not")
                                    : Outcome.fail("the token was accepted twice");
                        })
                .check(PROFILE_3, 1, "a sideband token seen before is not registered again: the replay is refused with \"handoff token is not pending\"",
                        on(1, refused("handoff token is not pending")))
                .check(OFFER_6, 9, "the replay's refusal echoes the presented token and the correlation id", on(1, echoes()))
                .check(OFFER_7, 5, "after the replay's refusal: the descriptor is closed without shutdown and not adopted", on(1, released()))
                .check(PROFILE_5, 24, "after a replay: the backend still serves the next handoff", survives()));
        list.add(multi("token of a refused handoff presented again", s, t -> List.of(
                        Plan.handoff(t, wire(offer(flipBit(t), CORRELATION))),
                        Plan.handoff(t, Offers.valid(t, CORRELATION + 4))))
                .check(PROFILE_7, 1, "a sideband token whose handoff was refused is no longer pending: presenting it on a new handoff is refused",
                        on(1, refused("handoff token is not pending"))));
        // the token's shape is judged before the store: a replayed sideband token with a short token is a length refusal
        list.add(multi("replay with a 15-byte token", s, t -> List.of(
                        Plan.handoff(t, Offers.valid(t, CORRELATION)),
                        Plan.handoff(t, wire(offer(Arrays.copyOf(t, 15), CORRELATION + 6)))))
                .check(OFFER_6, 10, "a consumed sideband token and a 15-byte presented token: the shape is judged first,"
                        + " refused with \"handoff token length was 15 bytes; expected 16\"", on(1, refused("handoff token length was 15 bytes; expected 16"))));
        return list;
    }

    // ---------------------------------------------------------------- robustness

    static List<Scenario<?>> robustness() {
        BackendSection s = BackendSection.ROBUSTNESS;
        List<Scenario<?>> list = new ArrayList<>();
        list.add(single("partial frame, then silence", s,
                t -> Plan.handoff(t, Offers.valid(t, CORRELATION)).delivered(new Plan.Delivery.PartThenSilence(3)))
                .check(PROFILE_6, 1, "3 bytes of a frame, then silence: the backend drops the handoff within the bound", droppedWithinBound())
                .check(OFFER_3, 20, "after a partial frame and silence: the descriptor is closed without shutdown and not adopted", released())
                .check(PROFILE_5, 25, "after a partial frame and silence: the backend still serves the next handoff", survives()));
        list.add(single("sideband, then silence", s,
                t -> Plan.handoff(t, Offers.valid(t, CORRELATION)).delivered(new Plan.Delivery.PartThenSilence(0)))
                .check(PROFILE_6, 2, "the sideband and no offer: the backend drops the handoff within the bound", droppedWithinBound())
                .check(OFFER_3, 21, "after a missing offer: the descriptor is closed without shutdown and not adopted", released())
                .check(PROFILE_5, 26, "after a missing offer: the backend still serves the next handoff", survives()));
        list.add(single("trickle", s,
                t -> Plan.handoff(t, wire(offer(t, CORRELATION).setServiceName("t".repeat(300))))
                        .delivered(new Plan.Delivery.Trickle(Duration.ZERO)))
                .check(PROFILE_6, 3, "an offer trickled one byte at a time: the trickle does not extend the bound", droppedWithinBound())
                .check(OFFER_3, 22, "after a trickled offer: the descriptor is closed without shutdown and not adopted", released())
                .check(PROFILE_5, 27, "after a trickled offer: the backend still serves the next handoff", survives()));
        list.add(single("16 MiB length claim, then silence", s,
                t -> Plan.handoff(t, Offers.header(Framing.MAX_FRAME_BYTES)).delivered(new Plan.Delivery.PartThenSilence(5)))
                .check(PROFILE_6, 4, "a header claiming exactly 16 MiB (legal), then silence: the backend drops the handoff within the bound", droppedWithinBound())
                .check(OFFER_3, 23, "after a 16 MiB claim and silence: the descriptor is closed without shutdown and not adopted", released())
                .check(PROFILE_5, 28, "after a 16 MiB claim and silence: the backend still serves the next handoff", survives()));
        list.add(single("connection closed mid-frame", s, t -> {
                    byte[] offer = Offers.valid(t, CORRELATION);
                    return Plan.handoff(t, offer).delivered(new Plan.Delivery.PartThenClose(offer.length / 2, Duration.ofMillis(20)));
                })
                .check(OFFER_3, 24, "the broker ends the stream mid-frame: the descriptor is closed without shutdown and not adopted", released())
                .check(PROFILE_5, 29, "after a connection closed mid-frame: the backend still serves the next handoff", survives()));
        list.add(single("two descriptors", s, t -> Plan.handoff(t, Offers.valid(t, CORRELATION)).withDescriptors(2))
                .check(PROFILE_2, 1, "a sideband message with two descriptors (and a valid offer): not accepted", notAccepted())
                .check(PROFILE_2, 2, "a sideband message with two descriptors: both are closed without shutdown, neither adopted", released())
                .check(PROFILE_5, 30, "after two descriptors: the backend still serves the next handoff", survives()));
        list.add(single("no descriptor", s, t -> Plan.handoff(t, Offers.valid(t, CORRELATION)).withDescriptors(0))
                .check(PROFILE_2, 3, "a sideband message without a descriptor (and a valid offer): not accepted", notAccepted())
                .check(PROFILE_5, 31, "after a sideband without a descriptor: the backend still serves the next handoff", survives()));
        list.add(single("short sideband, then end of stream", s, t -> new Plan(Arrays.copyOf(t, 8), 1, new byte[0],
                        new Plan.Delivery.WholeThenEnd(), java.util.Optional.empty()))
                .check(PROFILE_2, 4, "8 sideband bytes with the descriptor, then end of stream: the descriptor is closed without shutdown", released())
                .check(PROFILE_5, 32, "after a short sideband: the backend still serves the next handoff", survives()));
        list.add(single("hang-up before the sideband", s, t -> new Plan(new byte[0], 0, new byte[0],
                        new Plan.Delivery.WholeThenEnd(), java.util.Optional.empty()))
                .check(PROFILE_5, 33, "a broker that connects and hangs up at once: the backend still serves the next handoff", survives()));
        return list;
    }

    // ---------------------------------------------------------------- property-driven

    /** A rejection class whose generated defects run against the backend: the case {@code <requirement>/p<number>}. */
    private record Generated(Defect defect, RequirementId requirement, int number) {}

    /** The rejection classes whose generated defects run against the backend, and the case of the requirement each proves. */
    private static final List<Generated> GENERATED = List.of(
            new Generated(Defect.FRAMING_BYTE, FRAME_1, 1),
            new Generated(Defect.OVERSIZE, FRAME_2, 1),
            new Generated(Defect.TRUNCATION, FRAME_6, 1),
            new Generated(Defect.UNDECODABLE_BODY, DEC_1, 1),
            new Generated(Defect.ENVELOPE_VERSION, ENV_1, 1),
            new Generated(Defect.KIND, ENV_2, 1),
            new Generated(Defect.PAYLOAD_PROTOCOL, ENV_3, 1),
            new Generated(Defect.COMPRESSION, ENV_4, 1),
            new Generated(Defect.PAYLOAD_UNDECODABLE, DEC_2, 1),
            new Generated(Defect.OFFER_CORRELATION, OFFER_2, 1),
            new Generated(Defect.TOKEN_MISSING, OFFER_4, 1),
            new Generated(Defect.TOKEN_LENGTH, OFFER_5, 1),
            new Generated(Defect.TOKEN_NOT_PENDING, TOKEN_2, 1),
            new Generated(Defect.TOKEN_MISMATCH, TOKEN_4, 1));

    static List<Scenario<?>> properties() {
        BackendSection s = BackendSection.PROPERTIES;
        List<Scenario<?>> list = new ArrayList<>();
        list.add(new Scenario<Outcome>(PREFIX, "generated valid offers", s,
                ctx -> PropertyCases.run(ctx, backend(ctx), sut -> HandoffProperties.accepted(Role.BACKEND_OFFER, sut)))
                .checkGenerated(OFFER_6, 1, "generated valid offers (edge ids and handles, empty, non-ASCII and long service names) are accepted",
                        (o, ctx) -> o));
        for (Generated g : GENERATED) {
            Defect d = g.defect();
            list.add(new Scenario<Outcome>(PREFIX, "generated " + d.title() + " defects", s,
                    ctx -> PropertyCases.run(ctx, backend(ctx), sut -> HandoffProperties.defect(Role.BACKEND_OFFER, d, sut)))
                    .checkGenerated(g.requirement(), g.number(), "generated offers with one " + d.title() + " defect (" + String.join(", ", d.variants(Role.BACKEND_OFFER))
                            + "): the verdict the spec requires; the same offer undamaged is accepted", (o, ctx) -> o));
        }
        return list;
    }

    // ---------------------------------------------------------------- helpers

    static Scenario<Attempt> single(String name, BackendSection section, Function<byte[], Plan> plan) {
        return new Scenario<>(PREFIX, name, section, ctx -> {
            Plan p = plan.apply(Fresh.token());
            if (p.delivery() instanceof Plan.Delivery.Trickle tr && tr.interval().isZero()) {
                p = p.delivered(new Plan.Delivery.Trickle(ctx.timing().trickleInterval()));
            }
            return broker(ctx).play(p);
        });
    }

    static Scenario<List<Attempt>> multi(String name, BackendSection section, Function<byte[], List<Plan>> plans) {
        return new Scenario<>(PREFIX, name, section, ctx -> {
            BrokerDriver broker = broker(ctx);
            List<Attempt> attempts = new ArrayList<>();
            for (Plan p : plans.apply(Fresh.token())) {
                attempts.add(broker.play(p));
            }
            return attempts;
        });
    }

    /** The runner as the broker of a scenario: it dials the backend's socket and records into the scenario's transcript. */
    static BrokerDriver broker(ScenarioContext ctx) {
        return new BrokerDriver(ctx.endpoints().path(SOCKET), ctx.timing(), ctx.transcript());
    }

    /** The backend as the property core's role under test: each verdict is a real handoff. */
    static BackendOverSockets backend(ScenarioContext ctx) {
        return new BackendOverSockets(ctx.endpoints().path(SOCKET), ctx.timing());
    }

    static HandoffOffer.Builder offer(byte[] token, long correlation) {
        return Offers.offer(token, correlation);
    }

    static byte[] wire(HandoffOffer.Builder offer) {
        return Offers.wire(Offers.frame(offer.build()).build());
    }

    static byte[] body(byte[] token) {
        return Offers.frame(offer(token, CORRELATION).build()).build().toByteArray();
    }

    static byte[] framingByte(byte[] wire, int value) {
        byte[] w = wire.clone();
        w[0] = (byte) value;
        return w;
    }

    static byte[] cut(byte[] wire, int bytes) {
        return Arrays.copyOf(wire, wire.length - bytes);
    }

    static byte[] flipBit(byte[] token) {
        byte[] t = token.clone();
        t[5] ^= 0x10;
        return t;
    }

    static byte[] withUnknownFields(byte[] token) {
        byte[] payload = Offers.concat(offer(token, CORRELATION).build().toByteArray(),
                Offers.varintField(7, 99), Offers.bytesField(1000, new byte[] {1, 2, 3}));
        Frame frame = Offers.frame(offer(token, CORRELATION).build()).setPayload(ByteString.copyFrom(payload)).build();
        return Offers.concat(Offers.varintField(12, 5), frame.toByteArray(), Offers.bytesField(16, new byte[] {9, 9}),
                Offers.varintField(536_870_911, 1));
    }

    /** The offer with every defaulted field of FRAMES-4 (and handle_value 0) written out instead of omitted. */
    static byte[] explicitDefaults(byte[] token) {
        byte[] payload = Offers.concat(Offers.varintField(1, 0), offer(token, CORRELATION).build().toByteArray());
        Frame frame = Offers.frame(offer(token, CORRELATION).build()).setPayload(ByteString.copyFrom(payload)).build();
        return Offers.concat(Offers.varintField(2, 0), Offers.varintField(6, 0), Offers.varintField(7, 0), Offers.bytesField(8, new byte[0]),
                Offers.bytesField(9, new byte[0]), frame.toByteArray());
    }

    /** The offer written by hand with zero-padded varints: the envelope_version tag, values and lengths. */
    static byte[] zeroPadded(byte[] token) {
        long correlation = 300;
        byte[] service = {'e', 'c', 'h', 'o'};
        byte[] payload = Offers.concat(new byte[] {0x12}, padded(token.length, 3), token, new byte[] {0x1a}, padded(service.length, 2), service,
                new byte[] {0x20}, padded(correlation, 5));
        return Offers.concat(padded(0x08, 2), padded(1, 4), new byte[] {0x18}, padded(Envelope.HANDOFF_PAYLOAD_PROTOCOL, 4), new byte[] {0x22},
                padded(payload.length, 3), payload, new byte[] {0x28}, padded(correlation, 6));
    }

    /** {@code value} as a varint of exactly {@code length} bytes (continuation bits over zero groups). */
    static byte[] padded(long value, int length) {
        byte[] out = new byte[length];
        for (int i = 0; i < length; i++) {
            out[i] = (byte) ((value & 0x7F) | (i < length - 1 ? 0x80 : 0));
            value >>>= 7;
        }
        return out;
    }

    static byte[] reordered(byte[] token) {
        List<byte[]> payloadFields = new ArrayList<>(Encodings.fields(offer(token, CORRELATION).setHandleValue(7).build().toByteArray()));
        Collections.reverse(payloadFields);
        Frame frame = Offers.frame(offer(token, CORRELATION).build())
                .setPayload(ByteString.copyFrom(Encodings.join(payloadFields))).build();
        List<byte[]> frameFields = new ArrayList<>(Encodings.fields(frame.toByteArray()));
        Collections.reverse(frameFields);
        return Encodings.join(frameFields);
    }

    static byte[] duplicated(byte[] token) {
        byte[] payload = Offers.concat(Offers.varintField(4, CORRELATION + 9), Offers.bytesField(2, flipBit(token)),
                offer(token, CORRELATION).build().toByteArray());
        Frame frame = Offers.frame(offer(token, CORRELATION).build()).setPayload(ByteString.copyFrom(payload)).build();
        return Offers.concat(Offers.varintField(5, CORRELATION + 9), frame.toByteArray());
    }
}
