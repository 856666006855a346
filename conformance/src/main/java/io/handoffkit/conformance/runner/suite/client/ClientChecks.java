package io.handoffkit.conformance.runner.suite.client;

import io.handoffkit.broker.HelloCheck;
import io.handoffkit.broker.HelloNegotiation;
import io.handoffkit.broker.HelloVerdict;
import io.handoffkit.conformance.runner.drive.ReceivedFrame;
import io.handoffkit.conformance.runner.drive.brokerbackend.Visit;
import io.handoffkit.conformance.runner.drive.brokerbackend.Visit.Where;
import io.handoffkit.conformance.runner.model.Check;
import io.handoffkit.conformance.runner.model.Outcome;
import io.handoffkit.proto.v1.Frame;
import io.handoffkit.proto.v1.Hello;
import java.time.Duration;
import io.handoffkit.wire.Decoding;
import io.handoffkit.wire.Verdict;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/** The claims the client suite judges on a {@link Visit}. */
final class ClientChecks {

    /** How soon a client that does not wait, or whose wait ended early, is on backend_pipe (CPROFILE-4). */
    static final Duration AT_ONCE = Duration.ofMillis(500);

    private ClientChecks() {}

    /** Where the probe came, in words. */
    static String describe(Visit v) {
        if (!v.dialled()) {
            return "the client did not dial {socket}";
        }
        Visit.Probe p = v.probe();
        String where = switch (p.where()) {
            case ADOPTED -> "the probe came on the handed-off connection";
            case PIPE -> "the probe came on the backend pipe";
            case HELLO -> "the probe came on the Hello connection, which was not handed off";
            case NOWHERE -> "no probe came";
        };
        return where + " after " + p.after().toMillis() + " ms" + (p.dials() > 0 && p.where() != Where.PIPE ? " (" + p.dials() + " dial(s) of the backend pipe)" : "")
                + p.echo().filter(e -> p.where() != Where.NOWHERE).map(e -> "; " + e).orElse("")
                + v.helloClosed().map(d -> "; the client closed the Hello connection after " + d.toMillis() + " ms").orElse("");
    }

    /** The probe came on the handed-off connection (CLIENT-6). */
    static Check<Visit> adopted() {
        return (v, ctx) -> v.probe().where() == Where.ADOPTED && v.probe().echo().filter(e -> e.startsWith("not the agreed")).isEmpty()
                ? Outcome.pass("adopted: " + describe(v)) : Outcome.fail("not adopted: " + describe(v));
    }

    /** Adopted, and no dial of the backend pipe before the probe. */
    static Check<Visit> noDialAfterAdoption() {
        return (v, ctx) -> v.probe().where() == Where.ADOPTED && v.probe().dials() == 0 ? Outcome.pass("no dial of backend_pipe")
                : Outcome.fail(describe(v));
    }

    /** The bytes the runner wrote after the probe (the backend's early bytes first) came back in order (CPROFILE-3, CLIENT-5). */
    static Check<Visit> echoed() {
        return (v, ctx) -> v.probe().where() == Where.NOWHERE ? Outcome.fail(describe(v))
                : v.probe().echo().map(e -> Outcome.fail(describe(v))).orElseGet(() -> Outcome.pass("echoed in order: " + describe(v)));
    }

    /** Not adopted: no probe on the handed-off or the Hello connection. */
    static Check<Visit> notAdopted() {
        return (v, ctx) -> v.probe().where() == Where.ADOPTED || v.probe().where() == Where.HELLO
                ? Outcome.fail("the client used the connection after a relay it must reject: " + describe(v))
                : Outcome.pass("not adopted: " + describe(v));
    }

    /** Fell back: the probe came on the backend pipe and the echo came back (RELAY-5). */
    static Check<Visit> fellBack() {
        return (v, ctx) -> v.probe().where() == Where.PIPE && v.probe().echo().isEmpty()
                ? Outcome.pass("fell back: " + describe(v)) : Outcome.fail("no fallback through backend_pipe: " + describe(v));
    }

    /** Fell back within {@code bound} of the reply. */
    static Check<Visit> fellBackWithin(Duration bound) {
        return (v, ctx) -> v.probe().where() != Where.PIPE ? Outcome.fail("no fallback through backend_pipe: " + describe(v))
                : v.probe().after().compareTo(bound) <= 0 ? Outcome.pass("dialled backend_pipe " + v.probe().after().toMillis() + " ms after the reply")
                : Outcome.fail("dialled backend_pipe only " + v.probe().after().toMillis() + " ms after the reply (bound " + bound.toMillis() + " ms)");
    }

    /** An error of the connect attempt: no dial, no probe, the Hello connection closed (CLIENT-2, CLIENT-7). */
    static Check<Visit> errorWithoutDial() {
        return (v, ctx) -> {
            if (!v.dialled()) {
                return Outcome.fail(describe(v));
            }
            if (v.probe().dials() > 0 || v.probe().where() != Where.NOWHERE) {
                return Outcome.fail("the client went on after an error: " + describe(v));
            }
            return v.helloClosed().map(d -> Outcome.pass("no dial; the client closed the Hello connection after " + d.toMillis() + " ms"))
                    .orElseGet(() -> Outcome.fail("no dial, but the client kept the Hello connection open"));
        };
    }

    /** A claim about the client's Hello frame. */
    static Check<Visit> helloFrame(Function<Frame, Optional<String>> problem, String ok) {
        return (v, ctx) -> {
            if (v.hello().isEmpty()) {
                return Outcome.fail(describe(v));
            }
            if (!(v.hello().get() instanceof ReceivedFrame.Decoded d)) {
                return Outcome.fail("the client's first bytes are not a decodable frame: " + v.hello().get());
            }
            return problem.apply(d.frame()).map(Outcome::fail).orElseGet(() -> Outcome.pass(ok));
        };
    }

    /** A claim about the client's Hello. */
    static Check<Visit> helloFields(Function<Hello, Optional<String>> problem, String ok) {
        return (v, ctx) -> v.decodedHello().map(h -> problem.apply(h).map(Outcome::fail).orElseGet(() -> Outcome.pass(ok)))
                .orElseGet(() -> Outcome.fail("no decodable Hello: " + v.hello().map(Object::toString).orElse(describe(v))));
    }

    /**
     * What the broker's own Hello checks ({@link HelloCheck}: HELLO-6..HELLO-9, with the client's own
     * service name) say of the client's Hello, when they refuse it under one of {@code requirements}: one validator.
     */
    static Optional<String> refusedUnder(Frame frame, Set<String> requirements) {
        String service = Decoding.hello(frame.getPayload()) instanceof Verdict.Accepted<Hello> a ? a.value().getServiceName() : "";
        if (HelloCheck.check(frame, service, 0) instanceof HelloVerdict.Refused r && requirements.contains(r.refusal().requirement())) {
            return Optional.of(r.refusal().requirement() + ": " + r.refusal().reason());
        }
        return Optional.empty();
    }

    static boolean bit0(Hello h) {
        return (h.getClientCapabilities() & HelloNegotiation.HANDLE_PASSING) != 0;
    }
}
