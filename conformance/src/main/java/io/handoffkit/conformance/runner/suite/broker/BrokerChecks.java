package io.handoffkit.conformance.runner.suite.broker;

import com.google.protobuf.ByteString;
import io.handoffkit.conformance.runner.drive.ReceivedFrame;
import io.handoffkit.conformance.runner.drive.RecordedSocket;
import io.handoffkit.conformance.runner.drive.clientbackend.Observed;
import io.handoffkit.conformance.runner.model.Check;
import io.handoffkit.conformance.runner.model.Durations;
import io.handoffkit.conformance.runner.model.Outcome;
import io.handoffkit.conformance.runner.model.Timing;
import io.handoffkit.proto.v1.ErrorCode;
import io.handoffkit.proto.v1.Frame;
import io.handoffkit.proto.v1.FrameKind;
import io.handoffkit.proto.v1.HandoffOffer;
import io.handoffkit.proto.v1.Negotiated;
import io.handoffkit.proto.v1.PayloadEncoding;
import io.handoffkit.proto.v1.Refused;
import io.handoffkit.wire.Envelope;
import io.handoffkit.wire.HandoffFrames;
import java.time.Duration;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Optional;
import java.util.function.Function;

/** The claims the broker suite's cases make about what the runner observed as client and backend. */
final class BrokerChecks {

    private BrokerChecks() {}

    // ------------------------------------------------------------------ the reply

    /** NEG-1: the reply frame's envelope, with {@code requestId} echoed. */
    static Check<Observed> replyFrame(long requestId) {
        return (o, ctx) -> {
            if (!(o.reply() instanceof ReceivedFrame.Decoded d)) {
                return Outcome.fail("no reply frame: " + describe(o.reply()));
            }
            Frame f = d.frame();
            if (f.getEnvelopeVersion() != 1 || f.getKind() != FrameKind.FRAME_KIND_RESPONSE || f.getPayloadProtocol() != Envelope.CONTROL_PAYLOAD_PROTOCOL
                    || f.getPayloadEncoding() != PayloadEncoding.PAYLOAD_ENCODING_NONE || f.getDeadlineUnixMs() != 0) {
                return Outcome.fail("the reply's envelope is not v1 RESPONSE 0x0000 NONE, deadline 0: " + f.toString().replace('\n', ' '));
            }
            if (f.getRequestId() != requestId) {
                return Outcome.fail("request_id " + f.getRequestId() + ", expected " + requestId);
            }
            if (o.helloReply().isEmpty() || o.helloReply().get().getResultCase().getNumber() == 0) {
                return Outcome.fail("the payload is not a HelloReply holding negotiated or refused");
            }
            return Outcome.pass("a v1 RESPONSE frame on 0x0000, request_id " + requestId + " echoed, one result");
        };
    }

    /** NEG-2/NEG-3: Negotiated with protocol 1, a backend_pipe, a 16-byte token and bit 0. */
    static Check<Observed> negotiatedWithToken() {
        return negotiated(n -> {
            if (n.getNegotiatedProtocol() != 1 || n.getBackendPipe().isEmpty()) {
                return Optional.of("negotiated_protocol " + n.getNegotiatedProtocol() + ", backend_pipe '" + n.getBackendPipe() + "'");
            }
            if (n.getHandlePassedToken().size() != 16 || (n.getServerCapabilities() & 1) == 0) {
                return Optional.of("token of " + n.getHandlePassedToken().size() + " bytes, server_capabilities " + n.getServerCapabilities());
            }
            return Optional.empty();
        }, "Negotiated, protocol 1, a backend_pipe, a 16-byte token and bit 0");
    }

    /** NEG-3 without bit 0: no token, bit 0 clear. */
    static Check<Observed> negotiatedWithoutToken() {
        return negotiated(n -> n.getHandlePassedToken().isEmpty() && (n.getServerCapabilities() & 1) == 0 ? Optional.empty()
                : Optional.of("token of " + n.getHandlePassedToken().size() + " bytes, server_capabilities " + n.getServerCapabilities()),
                "Negotiated without a token and with bit 0 clear");
    }

    static Check<Observed> negotiated(Function<Negotiated, Optional<String>> wrong, String passes) {
        return (o, ctx) -> o.negotiated().map(n -> wrong.apply(n).map(Outcome::fail).orElseGet(() -> Outcome.pass(passes)))
                .orElseGet(() -> Outcome.fail("no Negotiated: " + replyText(o)));
    }

    /** HELLO-4..11: a Refused with {@code code}. */
    static Check<Observed> refused(ErrorCode code) {
        return (o, ctx) -> o.refused().map(r -> r.getCode() == code ? Outcome.pass("Refused " + code + ": " + r.getReason())
                : Outcome.fail("Refused " + r.getCode() + " (" + r.getReason() + "), expected " + code))
                .orElseGet(() -> Outcome.fail("expected Refused " + code + ", got " + replyText(o)));
    }

    /** HELLO-12: the Refused's shape, nothing after it, end of stream, no dial. */
    static Check<Observed> refusalShape() {
        return (o, ctx) -> {
            Optional<Refused> r = o.refused();
            if (r.isEmpty()) {
                return Outcome.skip("no Refused (the case of the refusal's code judges that): " + replyText(o));
            }
            Refused x = r.get();
            if (x.getReason().isEmpty() || x.getDaemonMinProtocol() != 1 || x.getDaemonMaxProtocol() != 1 || x.getRetryAfterMs() != 0) {
                return Outcome.fail("Refused with reason '" + x.getReason() + "', daemon protocols " + x.getDaemonMinProtocol() + ".."
                        + x.getDaemonMaxProtocol() + ", retry_after_ms " + x.getRetryAfterMs());
            }
            if (o.handoff().isPresent()) {
                return Outcome.fail("the broker dialled {backend} after refusing");
            }
            return nothingThenEnd(o, "after the Refused");
        };
    }

    static String replyText(Observed o) {
        return o.helloReply().map(r -> r.toString().replace('\n', ' ')).orElse(describe(o.reply()));
    }

    // ------------------------------------------------------------------ dialling, the sideband, the offer

    static Check<Observed> dialled() {
        return (o, ctx) -> o.handoff().isPresent() ? Outcome.pass("the broker dialled {backend} once")
                : Outcome.fail("the broker did not dial {backend} after a Negotiated with a token (" + replyText(o) + ")");
    }

    static Check<Observed> notDialled() {
        return (o, ctx) -> o.handoff().isEmpty() ? Outcome.pass("no handoff stream came to {backend}")
                : Outcome.fail("the broker dialled {backend} without a token");
    }

    static Check<Observed> handoff(Function<Observed.Handoff, Optional<String>> wrong, String passes) {
        return (o, ctx) -> o.handoff().map(h -> wrong.apply(h).map(Outcome::fail).orElseGet(() -> Outcome.pass(passes)))
                .orElseGet(() -> Outcome.fail("the broker did not dial {backend}"));
    }

    static Check<Observed> sidebandIsToken() {
        return (o, ctx) -> {
            byte[] token = o.negotiated().map(n -> n.getHandlePassedToken().toByteArray()).orElse(new byte[0]);
            return handoff(h -> token.length == 16 && Arrays.equals(h.sideband(), token) ? Optional.empty()
                    : Optional.of("sideband " + hex(h.sideband()) + ", negotiated token " + hex(token)),
                    "the 16 sideband bytes are the negotiated token").judge(o, ctx);
        };
    }

    static Check<Observed> oneDescriptor() {
        return handoff(h -> h.descriptors() == 1 ? Optional.empty() : Optional.of(h.descriptors() + " descriptors came"), "exactly one descriptor");
    }

    static Check<Observed> isClientsConnection() {
        return handoff(h -> h.clientToCopy() && h.copyToClient() ? Optional.empty()
                : Optional.of("probe bytes: client end → received descriptor " + (h.clientToCopy() ? "crossed" : "did not cross")
                        + ", received descriptor → client end " + (h.copyToClient() ? "crossed" : "did not cross")),
                "probe bytes crossed both ways between the client end and the received descriptor: it is the client's connection");
    }

    static Check<Observed> blocking() {
        return handoff(h -> h.nonBlocking().orElse(false) ? Optional.of("the received descriptor is in non-blocking mode") : Optional.empty(),
                "the received descriptor is in blocking mode (or its mode could not be read here)");
    }

    static Check<Observed> offer(Function<Observed, Optional<String>> wrong, String passes) {
        return (o, ctx) -> {
            if (o.handoff().isEmpty()) {
                return Outcome.fail("the broker did not dial {backend}");
            }
            if (o.handoff().get().offer().isEmpty()) {
                return Outcome.fail("no HandoffOffer after the sideband: " + describe(o.handoff().get().offerFrame()));
            }
            return wrong.apply(o).map(Outcome::fail).orElseGet(() -> Outcome.pass(passes));
        };
    }

    static Frame offerFrame(Observed o) {
        return ((ReceivedFrame.Decoded) o.handoff().orElseThrow().offerFrame()).frame();
    }

    static HandoffOffer theOffer(Observed o) {
        return o.handoff().orElseThrow().offer().orElseThrow();
    }

    static long connectionId(Observed o) {
        return o.negotiated().map(Negotiated::getConnectionId).orElse(-1L);
    }

    // ------------------------------------------------------------------ after the answer

    /** The canonical relay (FRAMES-3), byte for byte. */
    static Check<Observed> canonicalRelay() {
        return (o, ctx) -> {
            Optional<Negotiated> n = o.negotiated();
            if (n.isEmpty()) {
                return Outcome.fail("no Negotiated: " + replyText(o));
            }
            byte[] expected = Hellos.frame(HandoffFrames.readyFor(n.get().getHandlePassedToken(), n.get().getConnectionId()));
            if (o.afterReply() instanceof ReceivedFrame.Decoded d && Arrays.equals(d.wire(), expected)) {
                return Outcome.pass("the relay is the canonical one: EVENT, the negotiated token, accepted, no detail, correlation = connection_id");
            }
            return Outcome.fail("expected the canonical relay " + hex(expected) + "; got " + describe(o.afterReply()));
        };
    }

    /** No byte after Negotiated (or the Refused), then end of stream once the runner holds no copy (BPROFILE-3). */
    static Check<Observed> noRelay() {
        return (o, ctx) -> o.afterReply() instanceof ReceivedFrame.Decoded d
                ? Outcome.fail("the broker relayed after a failed handoff: " + d.frame().toString().replace('\n', ' '))
                : o.afterReply() instanceof ReceivedFrame.Garbage g ? Outcome.fail("bytes after the reply: " + hex(g.bytes()))
                : Outcome.pass("no byte after Negotiated");
    }

    static Check<Observed> endOfStream() {
        return (o, ctx) -> nothingThenEnd(o, "once the runner dropped its copy");
    }

    static Outcome nothingThenEnd(Observed o, String when) {
        if (o.afterReply() instanceof ReceivedFrame.Decoded || o.afterReply() instanceof ReceivedFrame.Garbage) {
            return Outcome.fail("bytes came " + when + ": " + describe(o.afterReply()));
        }
        return o.endAfterDrop() == RecordedSocket.End.END ? Outcome.pass("no byte, then end of stream " + when)
                : Outcome.fail("the client connection stayed open " + when + " (" + o.endAfterDrop() + ")");
    }

    /** BROKER-5: after the relay the connection is the backend's: a probe crosses, then end of stream once the runner dropped it. */
    static Check<Observed> letGo() {
        return (o, ctx) -> {
            if (!(o.afterReply() instanceof ReceivedFrame.Decoded)) {
                return Outcome.skip("no relay (the relay's cases judge that)");
            }
            if (!o.relayCrosses().orElse(false)) {
                return Outcome.fail("after the relay, probe bytes from the client end did not reach the backend's copy");
            }
            return o.endAfterDrop() == RecordedSocket.End.END ? Outcome.pass("the connection crossed to the backend; end of stream once it dropped its copy")
                    : Outcome.fail("the broker still holds the connection after the relay (" + o.endAfterDrop() + ")");
        };
    }

    /** BROKER-6: the broker let go of a failed handoff without shutting the connection down. */
    static Check<Observed> noShutdown() {
        return (o, ctx) -> {
            if (o.shutDownEarly().orElse(false)) {
                return Outcome.fail("the client end saw end of stream while the runner still held a copy: the broker shut the connection down");
            }
            return o.crossesAfterFailure().orElse(false) ? Outcome.pass("after the fallback probe bytes still crossed to the runner's copy")
                    : Outcome.fail("after the fallback probe bytes did not reach the runner's copy");
        };
    }

    /** The client connection was closed within {@code bound} after the ACK (or the runner's silence) began. */
    static Check<Observed> closedWithin(Function<Duration, Duration> bound) {
        return (o, ctx) -> {
            Duration limit = bound.apply(ctx.timing().ackTimeout()).plus(ctx.timing().closeBound());
            if (o.afterReply() instanceof ReceivedFrame.Closed c) {
                return c.after().compareTo(limit) <= 0 ? Outcome.pass("closed after " + Durations.format(c.after()) + " (bound " + Durations.format(limit) + ")")
                        : Outcome.fail("closed only after " + Durations.format(c.after()) + " (bound " + Durations.format(limit) + ")");
            }
            return Outcome.fail("not closed within " + Durations.format(limit) + ": " + describe(o.afterReply()));
        };
    }

    /**
     * BROKER-7: the second client's Hello was answered while the first handoff still waited: the
     * broker held the first handoff stream open until the second reply had come.
     */
    static Check<Observed> secondServed() {
        return (o, ctx) -> o.second().map(s -> {
            if (!(s.reply() instanceof ReceivedFrame.Decoded d)) {
                return Outcome.fail("the second client's Hello got no reply within " + Durations.format(ctx.timing().closeBound()) + ": "
                        + describe(s.reply()));
            }
            if (s.firstOpenAfter()) {
                return Outcome.pass("answered after " + Durations.format(d.after()) + " while the first handoff still waited for its ACK");
            }
            if (!s.firstOpenBefore()) {
                return Outcome.skip("inconclusive: the broker had given up on the first handoff before the runner sent the second Hello");
            }
            return Outcome.fail("answered only after the broker had given up on the first handoff (after " + Durations.format(d.after())
                    + "): the first handoff held the second client up");
        }).orElseGet(() -> Outcome.fail("the broker did not dial {backend}, so no second client was sent"));
    }

    /** NEG-5: the broker dialled {backend} only once its reply had reached the client. */
    static Check<Observed> dialledAfterReply() {
        return (o, ctx) -> {
            if (o.handoff().isEmpty()) {
                return Outcome.skip("the broker did not dial {backend} (the dialling cases judge that)");
            }
            return o.dialledBeforeReply() ? Outcome.fail("the broker dialled {backend} before any byte of Negotiated had reached the client")
                    : Outcome.pass("Negotiated had reached the client when the broker dialled {backend}");
        };
    }

    /** HELLO-9: a wrong non-zero peer_pid is refused, where the kernel reports the runner's process id to the broker. */
    static Check<Observed> peerPidRefused() {
        return (o, ctx) -> {
            if (o.sharesPidNamespace().isEmpty()) {
                return Outcome.skip("the runner cannot tell which process ids the kernel reports to the broker (no /proc, or no peer credentials)");
            }
            if (!o.sharesPidNamespace().get()) {
                return Outcome.skip("the broker runs in another pid namespace (a container?): the kernel reports no process id of the runner"
                        + " to it, so HELLO-9 has nothing to compare peer_pid with");
            }
            return refused(ErrorCode.ERROR_PEER_REJECTED).judge(o, ctx);
        };
    }

    /** BPROFILE-5: a trickled Hello is dropped within the broker's Hello bound, with or without a Refused (HELLO-4). */
    static Check<Observed> incompleteHelloDropped() {
        return (o, ctx) -> {
            Duration limit = ctx.timing().idleLimit().plus(ctx.timing().closeBound());
            if (o.reply() instanceof ReceivedFrame.Closed c) {
                return c.after().compareTo(limit) <= 0 ? Outcome.pass("closed after " + Durations.format(c.after()) + " (bound " + Durations.format(limit) + ")")
                        : Outcome.fail("closed only after " + Durations.format(c.after()) + " (bound " + Durations.format(limit) + ")");
            }
            if (o.reply() instanceof ReceivedFrame.Decoded d && o.refused().isPresent()) {
                if (o.refused().get().getCode() != ErrorCode.ERROR_PEER_REJECTED) {
                    return refused(ErrorCode.ERROR_PEER_REJECTED).judge(o, ctx);
                }
                return d.after().compareTo(limit) <= 0 ? Outcome.pass("refused after " + Durations.format(d.after()) + " (bound " + Durations.format(limit) + ")")
                        : Outcome.fail("refused only after " + Durations.format(d.after()) + " (bound " + Durations.format(limit) + ")");
            }
            return Outcome.fail("the incomplete Hello was not dropped within " + Durations.format(limit) + " (--idle-bound, plus "
                    + Durations.format(Timing.GRACE) + " and the close bound): " + replyText(o));
        };
    }

    static String describe(ReceivedFrame f) {
        if (f instanceof ReceivedFrame.Decoded d) {
            return "a frame " + hex(d.wire());
        }
        if (f instanceof ReceivedFrame.Closed c) {
            return "end of stream (" + c.how() + ")";
        }
        if (f instanceof ReceivedFrame.Garbage g) {
            return "bytes that are no frame (" + g.why() + "): " + hex(g.bytes());
        }
        return "nothing within " + Durations.format(((ReceivedFrame.Silent) f).after());
    }

    static String hex(byte[] b) {
        return b.length > 64 ? HexFormat.of().formatHex(b, 0, 64) + "… (" + b.length + " bytes)" : HexFormat.of().formatHex(b);
    }

    static String hex(ByteString b) {
        return hex(b.toByteArray());
    }
}
