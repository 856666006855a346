package io.handoffkit.conformance.runner.suite.backend;

import io.handoffkit.conformance.runner.drive.broker.Answer;
import io.handoffkit.conformance.runner.drive.broker.Attempt;
import io.handoffkit.conformance.runner.drive.broker.Fate;
import io.handoffkit.conformance.runner.model.CaseVerdict;
import io.handoffkit.conformance.runner.model.Check;
import io.handoffkit.conformance.runner.model.Durations;
import io.handoffkit.conformance.runner.model.Outcome;
import io.handoffkit.conformance.runner.model.Timing;
import io.handoffkit.proto.v1.Frame;
import io.handoffkit.proto.v1.FrameKind;
import io.handoffkit.proto.v1.HandoffAck;
import io.handoffkit.proto.v1.HandoffOffer;
import io.handoffkit.wire.Decoding;
import io.handoffkit.wire.Envelope;
import io.handoffkit.wire.FrameReader;
import io.handoffkit.wire.Framing;
import io.handoffkit.wire.Rejection;
import io.handoffkit.wire.Verdict;
import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * The claims the cases make about an {@link Attempt}. Each claim judges one requirement and
 * nothing else; where its precondition did not hold (for example the descriptor release after a
 * refusal, when the backend accepted instead) it is skipped, because the case of the requirement
 * that was broken already fails.
 */
public final class BackendChecks {

    private BackendChecks() {}

    /** The offer the runner sent, as the reference decodes it (for the echo checks). */
    static Optional<HandoffOffer> sentOffer(Attempt a) {
        Verdict<HandoffOffer> offer = FrameReader.read(new ByteArrayInputStream(a.plan().offer()), Framing.MAX_FRAME_BYTES)
                .then(body -> Decoding.frame(body, "HandoffOffer"))
                .then(frame -> Decoding.offer(frame.getPayload()));
        return offer instanceof Verdict.Accepted<HandoffOffer> o ? Optional.of(o.value()) : Optional.empty();
    }

    /** OFFER-6 and the valid-input cases: an ACK with accepted=true. */
    public static Check<Attempt> accepted() {
        return (a, ctx) -> {
            Optional<HandoffAck> ack = ack(a);
            if (ack.isEmpty()) {
                return Outcome.fail("expected an accepted ACK, got " + a.answer().describe());
            }
            if (!ack.get().getAccepted()) {
                return Outcome.fail("the valid offer was refused: error_detail \"" + ack.get().getErrorDetail() + "\"");
            }
            return Outcome.pass("accepted");
        };
    }

    /** OFFER-6: accepted=true, error_detail empty, the presented token and the correlation id echoed. */
    public static Check<Attempt> acceptedEchoing() {
        Check<Attempt> accepted = accepted();
        Check<Attempt> echoes = echoes();
        return (a, ctx) -> {
            Outcome first = accepted.judge(a, ctx);
            if (first.verdict() != CaseVerdict.PASSED) {
                return first;
            }
            if (!ack(a).orElseThrow().getErrorDetail().isEmpty()) {
                return Outcome.fail("accepted=true but error_detail is \"" + ack(a).orElseThrow().getErrorDetail() + "\" (must be empty)");
            }
            Outcome echo = echoes.judge(a, ctx);
            return echo.verdict() == CaseVerdict.PASSED ? Outcome.pass("accepted; " + echo.message()) : echo;
        };
    }

    /** OFFER-6: the ACK echoes the presented token bytes (not the sideband's) and the offer's correlation id. */
    public static Check<Attempt> echoes() {
        return (a, ctx) -> {
            Optional<HandoffAck> ack = ack(a);
            if (ack.isEmpty()) {
                return Outcome.skip("no ACK to judge the echo of (" + a.answer().describe() + ")");
            }
            HandoffOffer offer = sentOffer(a).orElseThrow(() -> new IllegalStateException("the scenario sent an undecodable offer"));
            HexFormat hex = HexFormat.of();
            if (!ack.get().getToken().equals(offer.getToken())) {
                String sideband = hex.formatHex(a.plan().sideband());
                String echoed = hex.formatHex(ack.get().getToken().toByteArray());
                return Outcome.fail("the ACK's token is " + (echoed.isEmpty() ? "empty" : echoed) + ", not the presented token "
                        + (offer.getToken().isEmpty() ? "(empty)" : hex.formatHex(offer.getToken().toByteArray()))
                        + (echoed.equals(sideband) ? " (it echoes the sideband token instead of the offer's)" : ""));
            }
            if (ack.get().getCorrelationId() != offer.getCorrelationId()) {
                return Outcome.fail("the ACK's correlation_id is " + Long.toUnsignedString(ack.get().getCorrelationId())
                        + ", not the offer's " + Long.toUnsignedString(offer.getCorrelationId()));
            }
            return Outcome.pass("token and correlation id " + Long.toUnsignedString(offer.getCorrelationId()) + " echoed");
        };
    }

    /** FRAMES-2 / FRAMES-4: the ACK frame is a v1 RESPONSE for 0xD0FF, uncompressed, request_id = the ACK's correlation_id. */
    public static Check<Attempt> ackFrame() {
        return (a, ctx) -> {
            if (!(a.answer() instanceof Answer.Ack ack)) {
                return Outcome.skip("no ACK frame to judge (" + a.answer().describe() + ")");
            }
            Frame frame = ack.frame();
            Optional<Rejection> envelope = Envelope.validate(frame, FrameKind.FRAME_KIND_RESPONSE);
            if (envelope.isPresent()) {
                return Outcome.fail("the ACK frame fails the broker's envelope check: " + envelope.get());
            }
            if (ack.ack().isEmpty()) {
                return Outcome.fail("the ACK frame's payload is not a HandoffAck");
            }
            if (frame.getRequestId() != ack.ack().get().getCorrelationId()) {
                return Outcome.fail("the ACK frame's request_id " + Long.toUnsignedString(frame.getRequestId())
                        + " is not the HandoffAck's correlation_id " + Long.toUnsignedString(ack.ack().get().getCorrelationId()));
            }
            if (frame.getDeadlineUnixMs() != 0 || !frame.getTraceparent().isEmpty() || !frame.getTracestate().isEmpty()) {
                return Outcome.fail("the ACK frame sets deadline_unix_ms or trace context (FRAMES-4: 0 and empty)");
            }
            return Outcome.pass("a v1 RESPONSE frame for 0xD0FF, uncompressed, request_id = correlation_id");
        };
    }

    /** Token judgement: an ACK with accepted=false whose error_detail contains the spec's wording. */
    public static Check<Attempt> refused(String detail) {
        return (a, ctx) -> {
            Optional<HandoffAck> ack = ack(a);
            if (ack.isEmpty()) {
                return Outcome.fail("expected an ACK refusing with \"" + detail + "\", got " + a.answer().describe());
            }
            if (ack.get().getAccepted()) {
                return Outcome.fail("accepted (accepted=true), expected a refusal with \"" + detail + "\"");
            }
            if (!ack.get().getErrorDetail().contains(detail)) {
                return Outcome.fail("refused, but error_detail is \"" + ack.get().getErrorDetail() + "\", expected \"" + detail + "\"");
            }
            return Outcome.pass("refused: \"" + ack.get().getErrorDetail() + "\"");
        };
    }

    /** A rejection class: no ACK at all, and the backend closed the handoff connection. */
    public static Check<Attempt> noAck() {
        return (a, ctx) -> {
            if (a.answer() instanceof Answer.Closed || a.answer() instanceof Answer.RunnerClosed) {
                return Outcome.pass(a.answer().describe());
            }
            if (a.answer() instanceof Answer.Silent) {
                return Outcome.fail("expected the backend to reject the offer and close the handoff connection, got " + a.answer().describe());
            }
            return Outcome.fail("expected no ACK, got " + a.answer().describe());
        };
    }

    /** Anything but an accepted ACK. */
    public static Check<Attempt> notAccepted() {
        return (a, ctx) -> a.answer() instanceof Answer.Ack k && k.accepted()
                ? Outcome.fail("the backend accepted (ACK accepted=true)")
                : Outcome.pass(a.answer().describe());
    }

    /**
     * OFFER-3 / OFFER-7 / PROFILE-2: every passed descriptor was closed by the backend without
     * shutdown and not adopted. Skipped when the backend accepted (another case fails that).
     */
    public static Check<Attempt> released() {
        return (a, ctx) -> {
            if (a.answer() instanceof Answer.Ack k && k.accepted()) {
                return Outcome.skip("the backend accepted this handoff, so it may keep the connection (the case of the broken rule fails)");
            }
            if (a.fates().isEmpty()) {
                return Outcome.pass("no descriptor was passed");
            }
            List<String> failed = new ArrayList<>();
            List<String> held = new ArrayList<>();
            boolean all = true;
            for (int i = 0; i < a.fates().size(); i++) {
                if (a.fates().get(i) instanceof Fate.Kept kept) {
                    all &= kept.released();
                    String which = a.fates().size() > 1 ? "descriptor " + (i + 1) + ": " : "";
                    if (!kept.failed().isEmpty()) {
                        failed.add(which + kept.failed());
                    }
                    if (!kept.held().isEmpty()) {
                        held.add(which + kept.held());
                    }
                }
            }
            if (all) {
                return Outcome.pass("released without shutdown: " + String.join("; ", held));
            }
            // what was fine goes on a line of its own, so the explanation ends with what went wrong
            return Outcome.fail(releaseFailure(a) + String.join("; ", failed)
                    + (held.isEmpty() ? "" : "\nas required: " + String.join("; ", held)));
        };
    }

    private static String releaseFailure(Attempt a) {
        for (Fate f : a.fates()) {
            if (f instanceof Fate.Kept k) {
                if (!k.clientToBroker() || !k.brokerToClient()) {
                    return "the broker's copy no longer works (shut down, or adopted and read by the backend): ";
                }
                if (!k.endAfterDrop()) {
                    return "the backend still holds the descriptor (leaked or adopted): ";
                }
            }
        }
        return "";
    }

    /** PROFILE-4: the adopted connection echoes the probe. Skipped when the backend did not accept. */
    public static Check<Attempt> adopted() {
        return (a, ctx) -> {
            Optional<Fate> fate = a.fate();
            if (fate.isEmpty() || !(fate.get() instanceof Fate.Adopted adopted)) {
                return Outcome.skip("the backend did not accept this handoff (" + a.answer().describe() + ")");
            }
            return adopted.echoed() ? Outcome.pass(adopted.detail()) : Outcome.fail(adopted.detail());
        };
    }

    /** PROFILE-4: a long echo, and the backend ends the connection after the client end stops sending. */
    public static Check<Attempt> echoUntilEnd() {
        return (a, ctx) -> {
            Optional<Fate> fate = a.fate();
            if (fate.isEmpty() || !(fate.get() instanceof Fate.Adopted adopted)) {
                return Outcome.skip("the backend did not accept this handoff (" + a.answer().describe() + ")");
            }
            return adopted.endedAfterEcho().orElse(false) ? Outcome.pass(adopted.detail()) : Outcome.fail(adopted.detail());
        };
    }

    /** PROFILE-6 (SHOULD): the backend dropped the incomplete handoff within the idle bound (+ grace). */
    public static Check<Attempt> droppedWithinBound() {
        return (a, ctx) -> {
            String bound = Durations.format(ctx.timing().idleBound()) + " (+" + Durations.format(Timing.GRACE) + " grace, --idle-bound)";
            if (a.answer() instanceof Answer.Closed c) {
                return c.after().compareTo(ctx.timing().idleLimit()) <= 0
                        ? Outcome.pass("dropped after " + Durations.format(c.after()) + ", within " + bound)
                        : Outcome.fail("dropped only after " + Durations.format(c.after()) + ", beyond " + bound);
            }
            if (a.answer() instanceof Answer.Silent s) {
                return Outcome.fail("the incomplete handoff was still open after " + Durations.format(s.after()) + ", beyond " + bound);
            }
            return Outcome.fail("expected the backend to drop the incomplete handoff, got " + a.answer().describe());
        };
    }

    static Optional<HandoffAck> ack(Attempt a) {
        return a.answer() instanceof Answer.Ack k ? k.ack() : Optional.empty();
    }
}
