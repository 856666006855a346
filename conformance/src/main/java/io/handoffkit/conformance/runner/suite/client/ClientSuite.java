package io.handoffkit.conformance.runner.suite.client;

import static io.handoffkit.conformance.runner.model.Check.survives;
import static io.handoffkit.conformance.runner.suite.client.ClientChecks.*;
import static io.handoffkit.conformance.spec.RequirementId.*;

import com.google.protobuf.ByteString;
import io.handoffkit.conformance.runner.drive.brokerbackend.BrokerBackendDriver;
import io.handoffkit.conformance.runner.drive.brokerbackend.Session;
import io.handoffkit.conformance.runner.drive.brokerbackend.Session.Relay;
import io.handoffkit.conformance.runner.drive.brokerbackend.Session.Reply;
import io.handoffkit.conformance.runner.drive.brokerbackend.Visit;
import io.handoffkit.conformance.runner.model.Endpoint;
import io.handoffkit.conformance.runner.model.Endpoints;
import io.handoffkit.conformance.runner.model.Errors;
import io.handoffkit.conformance.runner.model.Outcome;
import io.handoffkit.conformance.runner.model.ProtocolRole;
import io.handoffkit.conformance.runner.model.Scenario;
import io.handoffkit.conformance.runner.model.ScenarioContext;
import io.handoffkit.conformance.runner.model.Section;
import io.handoffkit.conformance.runner.model.Timing;
import io.handoffkit.conformance.runner.model.Transcript;
import io.handoffkit.conformance.runner.suite.CatalogueSuite;
import io.handoffkit.conformance.spec.RequirementId;
import io.handoffkit.proto.v1.ErrorCode;
import io.handoffkit.proto.v1.FrameKind;
import io.handoffkit.proto.v1.PayloadEncoding;
import io.handoffkit.wire.Envelope;
import io.handoffkit.wire.Framing;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The client-role suite (SPEC.md Appendix C): every session the runner, playing broker and backend
 * pipe at once, plays against a client, and the cases judged on it. Case IDs ({@code client/<REQ>/<n>})
 * are fixed here by hand and never renumbered or reused; the pinned list ({@value #PINNED}) holds them.
 */
public final class ClientSuite extends CatalogueSuite {

    public static final String PREFIX = "client";
    /** The broker socket the client dials, where the runner listens as the broker. */
    public static final Endpoint SOCKET = new Endpoint("socket", "broker.sock", Endpoint.Listener.RUNNER,
            "the broker socket the client dials (the runner listens there as the broker)");
    /** The backend pipe, where the runner listens as the backend; sent as Negotiated.backend_pipe. */
    public static final Endpoint BACKEND = new Endpoint("backend", "backend.sock", Endpoint.Listener.RUNNER,
            "the backend pipe (the runner listens there as the backend; sent as Negotiated.backend_pipe)");
    public static final String PINNED = "io/handoffkit/conformance/runner/suite/client/cases.txt";

    /** How late the delayed relay comes: well inside the shortest wait a client under test may have (1 s, CPROFILE-2). */
    static final Duration LATE_RELAY = Duration.ofMillis(300);

    public static final ClientSuite SUITE = new ClientSuite();

    private ClientSuite() {
        super(ProtocolRole.CLIENT, PREFIX, List.of(SOCKET, BACKEND), List.of(ClientSection.values()), PINNED);
    }

    @Override
    protected List<List<Scenario<?>>> tables() {
        return List.of(hello(), adoption(), defects(), waiting(), errors(), ClientProperties.scenarios());
    }

    /** A plain session still completes: the client dials, and after a Negotiated without a token its probe comes on the backend pipe. */
    @Override
    public Optional<String> stillServes(Endpoints at, Timing timing) {
        try {
            Visit v = BrokerBackendDriver.at(at, timing, new Transcript()).play(plain());
            return v.probe().where() == Visit.Where.PIPE && v.probe().echo().isEmpty() ? Optional.empty()
                    : Optional.of("a plain session failed: " + describe(v));
        } catch (IOException e) {
            return Optional.of(Errors.message(e));
        }
    }

    // ---------------------------------------------------------------- helpers

    static Session plain() {
        return new Session("a Negotiated without a token", new Reply.Negotiate(false, false, true), Relay.none(), true);
    }

    static Session handoff(Relay relay) {
        return new Session("a handoff, then " + relay.what(), Reply.handoff(), relay, true);
    }

    static Scenario<Visit> session(String name, Section s, Session session) {
        return new Scenario<>(PREFIX, name, s, ctx -> play(ctx, session));
    }

    static Visit play(ScenarioContext ctx, Session session) throws IOException {
        return BrokerBackendDriver.at(ctx.endpoints(), ctx.timing(), ctx.transcript()).play(session);
    }

    // ---------------------------------------------------------------- Hello

    static List<Scenario<?>> hello() {
        ClientSection s = ClientSection.HELLO;
        return List.of(session("a plain handoff", s, handoff(Relays.valid()))
                .check(CPROFILE_1, 1, "the client dials {socket} and sends a Hello there", (v, ctx) -> v.dialled() && v.decodedHello().isPresent()
                        ? Outcome.pass("a Hello came") : Outcome.fail(
                        v.dialled() ? "no decodable Hello: " + v.hello().map(Object::toString).orElse("") : describe(v)))
                .check(CLIENT_1, 1, "the Hello frame: envelope_version 1, kind REQUEST, payload_protocol 0x0000, no compression",
                        helloFrame(f -> refusedUnder(f, Set.of("HELLO-6", "HELLO-7")), "a v1 REQUEST on the control plane"))
                .check(CLIENT_1, 2, "the Hello offers protocol 1 only: client_min_protocol = client_max_protocol = 1",
                        helloFields(h -> h.getClientMinProtocol() == 1 && h.getClientMaxProtocol() == 1 ? Optional.empty()
                                : Optional.of("protocols " + Integer.toUnsignedString(h.getClientMinProtocol()) + ".."
                                + Integer.toUnsignedString(h.getClientMaxProtocol())), "protocol 1..1"))
                .check(CLIENT_1, 3, "the Hello has a non-empty request_id and connection_id 0",
                        helloFields(h -> !h.getRequestId().isEmpty() && h.getConnectionId() == 0 ? Optional.empty()
                                : Optional.of("request_id '" + h.getRequestId() + "', connection_id " + h.getConnectionId()), "request_id set, connection_id 0"))
                .check(CLIENT_1, 4, "the Hello's fields are within HELLO-2's limits (a broker would not refuse them)",
                        helloFrame(f -> refusedUnder(f, Set.of("HELLO-8", "HELLO-9")), "fields a broker accepts"))
                .check(HELLO_3, 1, "a client that adopts sets capability bit 0", helloFields(h -> bit0(h) ? Optional.empty()
                        : Optional.of("client_capabilities " + h.getClientCapabilities()), "bit 0 set")));
    }

    // ---------------------------------------------------------------- adoption

    static List<Scenario<?>> adoption() {
        ClientSection s = ClientSection.ADOPTION;
        List<Scenario<?>> list = new ArrayList<>();
        list.add(session("a valid relay", s, handoff(Relays.valid()))
                .check(CLIENT_6, 1, "after a valid relay the probe comes on the handed-off connection", adopted())
                .check(CLIENT_6, 2, "after a valid relay the client does not dial backend_pipe", noDialAfterAdoption())
                .check(CPROFILE_3, 1, "the adopted connection echoes the runner's bytes", echoed()));
        list.add(session("a relay with another correlation id", s, handoff(Relays.payload("a relay with correlation_id (and request_id) + 1000",
                        a -> a.setCorrelationId(a.getCorrelationId() + 1000))))
                .check(RELAY_4, 1, "a relay whose correlation id is not Negotiated.connection_id is adopted", adopted()));
        list.add(session("a relay with correlation id 0", s, handoff(Relays.payload("a relay with correlation_id (and request_id) 0",
                        a -> a.setCorrelationId(0))))
                .check(RELAY_4, 2, "a relay with correlation id 0 in frame and payload is adopted", adopted()));
        list.add(session("a relay 300 ms after Negotiated", s, handoff(Relays.valid().delayed(LATE_RELAY)))
                .check(CLIENT_4, 1, "a relay that comes 300 ms after Negotiated, within the wait, is adopted", adopted()));
        list.add(session("service bytes right behind the relay", s, handoff(Relays.valid().withGreeting(
                        "hello from the backend\n".getBytes(StandardCharsets.US_ASCII))))
                .check(CLIENT_5, 1, "the backend's bytes written right behind the relay are not lost: they come back first in the echo", echoed())
                .check(CLIENT_6, 3, "with service bytes behind the relay the client still adopts", adopted()));
        list.add(session("a relay with an unknown field", s, handoff(Relays.withUnknownField()))
                .check(DEC_3, 1, "a relay with an unknown field is adopted (unknown fields are skipped)", adopted()));
        list.add(session("a relay and an empty backend_pipe", s, new Session("a handoff with an empty backend_pipe, then the relay",
                        new Reply.Negotiate(true, true, false), Relays.valid(), true))
                .check(CLIENT_7, 1, "an empty backend_pipe does not stop an adoption", adopted()));
        return list;
    }

    // ---------------------------------------------------------------- relay defects

    static List<Scenario<?>> defects() {
        ClientSection s = ClientSection.DEFECTS;
        List<Scenario<?>> list = new ArrayList<>();
        defect(list, s, "a framing byte of 2", Relays.bytes("a relay with framing byte 2", w -> { w[0] = 2; return w; }), FRAME_1, 1, 1)
                .check(CLIENT_4, 2, "a rejected relay ends the wait at once: backend_pipe within 500 ms", fellBackWithin(AT_ONCE));
        defect(list, s, "a length over the 16 MiB cap", Relays.bytes("a relay header claiming 16 MiB + 1 bytes",
                w -> Relays.header(Framing.MAX_FRAME_BYTES + 1L)), FRAME_2, 1, 2);
        defect(list, s, "a relay cut short, then end of stream", Relays.bytes("a relay cut after 9 bytes", w -> Relays.cut(w, 9)).thenEnd(),
                FRAME_6, 1, 3);
        defect(list, s, "a body that is not a Frame", Relays.bytes("a relay body 0xFF 0xFF", w -> Relays.framed(new byte[] {(byte) 0xFF, (byte) 0xFF})),
                DEC_1, 1, 4);
        defect(list, s, "a payload that is not a HandoffAck", Relays.frame("a relay payload 0xFF", f -> f.setPayload(ByteString.copyFrom(new byte[] {(byte) 0xFF}))),
                DEC_2, 1, 5);
        defect(list, s, "envelope_version 2", Relays.frame("a relay with envelope_version 2", f -> f.setEnvelopeVersion(2)), ENV_1, 1, 6);
        defect(list, s, "kind RESPONSE", Relays.frame("a relay of kind RESPONSE (the ACK's)", f -> f.setKind(FrameKind.FRAME_KIND_RESPONSE)), ENV_2, 1, 7);
        defect(list, s, "kind REQUEST", Relays.frame("a relay of kind REQUEST (the offer's)", f -> f.setKind(FrameKind.FRAME_KIND_REQUEST)), ENV_2, 2, 8);
        defect(list, s, "payload_protocol 0x0000", Relays.frame("a relay on the control plane", f -> f.setPayloadProtocol(Envelope.CONTROL_PAYLOAD_PROTOCOL)),
                ENV_3, 1, 9);
        defect(list, s, "payload_encoding ZSTD", Relays.frame("a relay marked ZSTD", f -> f.setPayloadEncoding(PayloadEncoding.PAYLOAD_ENCODING_ZSTD)),
                ENV_4, 1, 10);
        defect(list, s, "another token", Relays.payload("a relay echoing another token", a -> a.setToken(flipped(a.getToken()))), RELAY_2, 1, 11);
        defect(list, s, "an empty token", Relays.payload("a relay with an empty token", a -> a.setToken(ByteString.EMPTY)), RELAY_2, 2, 12);
        defect(list, s, "accepted=false", Relays.payload("a refused relay", a -> a.setAccepted(false).setErrorDetail("refused")), RELAY_3, 1, 13);
        return list;
    }

    /** A relay with one defect: not adopted (the defect's requirement), a fallback through backend_pipe (RELAY-5). */
    private static Scenario<Visit> defect(List<Scenario<?>> list, Section s, String what, Relay relay, RequirementId req, int n, int k) {
        Scenario<Visit> scenario = session("a relay with " + what, s, handoff(relay))
                .check(req, n, "a relay with " + what + " is rejected: the client does not use the handed-off connection", notAdopted())
                .check(RELAY_5, k, "after a relay with " + what + " the client falls back through backend_pipe", fellBack());
        list.add(scenario);
        return scenario;
    }

    // ---------------------------------------------------------------- bounded wait

    static List<Scenario<?>> waiting() {
        ClientSection s = ClientSection.WAIT;
        Duration bound = BrokerBackendDriver.MAX_RELAY_WAIT;
        List<Scenario<?>> list = new ArrayList<>();
        list.add(session("no relay", s, handoff(Relay.after("no relay (silence)", n -> new byte[0])))
                .check(RELAY_5, 14, "when no relay comes the client falls back through backend_pipe", fellBack())
                .check(CLIENT_4, 3, "the wait is bounded: backend_pipe within the longest wait (3 s) and the close bound",
                        (v, ctx) -> fellBackWithin(bound.plus(ctx.timing().closeBound())).judge(v, ctx)));
        list.add(session("half a relay, then silence", s, handoff(Relays.bytes("half a relay, then silence", w -> Relays.cut(w, w.length / 2))))
                .check(CLIENT_4, 4, "a relay that stops half way does not hold the client: it falls back after its wait",
                        (v, ctx) -> fellBackWithin(bound.plus(ctx.timing().closeBound())).judge(v, ctx)));
        list.add(session("end of stream before the relay", s, new Session("a handoff negotiated, then end of stream",
                        Reply.handoff(), Relay.endOfStream(), true))
                .check(CLIENT_4, 5, "end of stream ends the wait at once: backend_pipe within 500 ms", fellBackWithin(AT_ONCE))
                .check(RELAY_5, 15, "after end of stream before the relay the client falls back through backend_pipe", fellBack()));
        noWait(list, s, "Negotiated with a token but bit 0 clear", new Reply.Negotiate(true, false, true), 1);
        noWait(list, s, "Negotiated with bit 0 but no token", new Reply.Negotiate(false, true, true), 2);
        noWait(list, s, "Negotiated without bit 0 or a token", new Reply.Negotiate(false, false, true), 3);
        return list;
    }

    /** No handoff negotiated: the client must not wait (the connection stays open and silent). */
    private static void noWait(List<Scenario<?>> list, Section s, String what, Reply reply, int n) {
        list.add(session(what, s, new Session(what + ", then silence", reply, Relay.none(), true))
                .check(CLIENT_3, n, "after " + what + " the client does not wait: backend_pipe within 500 ms", fellBackWithin(AT_ONCE)));
    }

    // ---------------------------------------------------------------- errors

    static List<Scenario<?>> errors() {
        ClientSection s = ClientSection.ERRORS;
        List<Scenario<?>> list = new ArrayList<>();
        list.add(session("Refused: unknown service", s, new Session("Refused", new Reply.Refuse(ErrorCode.ERROR_SERVICE_UNKNOWN), Relay.none(), false))
                .check(CLIENT_2, 1, "a Refused (ERROR_SERVICE_UNKNOWN) is an error: no dial, the Hello connection closed", errorWithoutDial())
                .check(CPROFILE_2, 1, "after a Refused the client comes back for the next session", survives()));
        list.add(session("Refused: version unsupported", s, new Session("Refused", new Reply.Refuse(ErrorCode.ERROR_VERSION_UNSUPPORTED), Relay.none(), false))
                .check(CLIENT_2, 2, "a Refused (ERROR_VERSION_UNSUPPORTED) is an error: no dial, the Hello connection closed", errorWithoutDial()));
        list.add(session("a reply of kind EVENT", s, new Session("a reply", new Reply.Broken("a Negotiated reply of kind EVENT",
                        w -> Relays.reframed(w, f -> f.setKind(FrameKind.FRAME_KIND_EVENT))), Relay.none(), false))
                .check(CLIENT_2, 3, "a reply of kind EVENT is an error: no dial, the Hello connection closed", errorWithoutDial())
                .check(CPROFILE_2, 2, "after an unreadable reply the client comes back for the next session", survives()));
        list.add(session("a reply with framing byte 2", s, new Session("a reply", new Reply.Broken("a Negotiated reply with framing byte 2",
                        w -> { w[0] = 2; return w; }), Relay.none(), false))
                .check(CLIENT_2, 4, "a reply with framing byte 2 is an error: no dial, the Hello connection closed", errorWithoutDial()));
        list.add(session("an empty backend_pipe", s, new Session("Negotiated without a token and with an empty backend_pipe",
                        new Reply.Negotiate(false, false, false), Relay.none(), false))
                .check(CLIENT_7, 2, "an empty backend_pipe without a handoff is an error: no dial, the Hello connection closed", errorWithoutDial())
                .check(CPROFILE_2, 3, "after an empty backend_pipe the client comes back for the next session", survives()));
        list.add(session("an empty backend_pipe and no relay", s, new Session("a handoff with an empty backend_pipe, then end of stream",
                        new Reply.Negotiate(true, true, false), Relay.endOfStream(), false))
                .check(CLIENT_7, 3, "an empty backend_pipe after a failed wait is an error: no dial", (v, ctx) -> v.probe().dials() == 0
                        && v.probe().where() == Visit.Where.NOWHERE ? Outcome.pass("no dial")
                        : Outcome.fail("the client went on: " + describe(v))));
        return list;
    }

    // ---------------------------------------------------------------- bytes

    static ByteString flipped(ByteString token) {
        byte[] t = token.toByteArray();
        if (t.length > 0) {
            t[t.length - 1] ^= (byte) 0xA5;
        }
        return ByteString.copyFrom(t);
    }
}
