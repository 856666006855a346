package io.handoffkit.broker;

import io.handoffkit.proto.v1.ErrorCode;
import io.handoffkit.proto.v1.Frame;
import io.handoffkit.proto.v1.FrameKind;
import io.handoffkit.proto.v1.Hello;
import io.handoffkit.wire.Decoding;
import io.handoffkit.wire.Envelope;
import io.handoffkit.wire.FrameReader;
import io.handoffkit.wire.Framing;
import io.handoffkit.wire.ReasonCode;
import io.handoffkit.wire.Rejection;
import io.handoffkit.wire.Verdict;
import java.io.InputStream;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The broker's check of a client's Hello, in the order of HELLO-11: the frame under the 64 KiB
 * Hello cap (HELLO-4, HELLO-5), decode {@code Frame}, envelope with kind REQUEST and the control
 * plane's payload protocol (HELLO-6), decode {@code Hello} (HELLO-7), then the protocol range
 * (HELLO-8), the fields (HELLO-9) and the service (HELLO-10), in upstream's handler's order. Every
 * failure is a {@link HelloRefusal} with the code upstream answers it with; nothing throws.
 */
public final class HelloCheck {

    /** The only protocol version v1 negotiates. */
    public static final int PROTOCOL = 1;

    private static final Pattern SERVICE_NAME = Pattern.compile("[a-z0-9-]{1,64}");
    private static final Pattern VERSION = Pattern.compile("[0-9]+\\.[0-9]+\\.[0-9]+(-[a-z0-9.]+)?");
    private static final int MAX_WANTED_VERSION_BYTES = 64;
    private static final int MAX_CLIENT_VERSION_BYTES = 128;
    private static final int MAX_CLIENT_LIB_BYTES = 64;

    private HelloCheck() {}

    /** True when {@code name} has the form of a service name, {@code [a-z0-9-]{1,64}} (HELLO-2). */
    public static boolean isServiceName(String name) {
        return SERVICE_NAME.matcher(name).matches();
    }

    /**
     * Read one Hello from {@code in} and judge it.
     *
     * @param service the service this broker serves
     * @param peerPid the client's process id as the kernel reports it, 0 when it reports none
     */
    public static HelloVerdict read(InputStream in, String service, long peerPid) {
        Verdict<byte[]> body = FrameReader.read(in, Framing.MAX_HELLO_FRAME_BYTES);
        if (body instanceof Verdict.Rejected<byte[]> rejected) {
            return refused(framing(rejected.rejection()), Optional.empty());
        }
        Verdict<Frame> frame = Decoding.frame(((Verdict.Accepted<byte[]>) body).value(), "Hello");
        if (frame instanceof Verdict.Rejected<Frame> rejected) {
            return refused(new HelloRefusal(ErrorCode.ERROR_PEER_REJECTED, "HELLO-4", rejected.rejection().detail()), Optional.empty());
        }
        return check(((Verdict.Accepted<Frame>) frame).value(), service, peerPid);
    }

    /** The checks after framing, for callers that already hold a decoded Hello frame. */
    public static HelloVerdict check(Frame frame, String service, long peerPid) {
        Optional<Rejection> envelope = Envelope.validateControl(frame, FrameKind.FRAME_KIND_REQUEST);
        if (envelope.isPresent()) {
            ErrorCode code = envelope.get().reason() == ReasonCode.ENVELOPE_VERSION
                    ? ErrorCode.ERROR_VERSION_UNSUPPORTED : ErrorCode.ERROR_PEER_REJECTED;
            return refused(new HelloRefusal(code, "HELLO-6", "Hello " + envelope.get().detail()), Optional.of(frame));
        }
        Verdict<Hello> hello = Decoding.hello(frame.getPayload());
        if (hello instanceof Verdict.Rejected<Hello> rejected) {
            return refused(new HelloRefusal(ErrorCode.ERROR_PEER_REJECTED, "HELLO-7", rejected.rejection().detail()), Optional.of(frame));
        }
        Hello accepted = ((Verdict.Accepted<Hello>) hello).value();
        Optional<HelloRefusal> refusal = fields(accepted, peerPid).or(() -> served(accepted, service));
        return refusal.<HelloVerdict>map(r -> refused(r, Optional.of(frame))).orElseGet(() -> new HelloVerdict.Accepted(frame, accepted));
    }

    private static HelloRefusal framing(Rejection rejection) {
        return switch (rejection.reason()) {
            case FRAMING_VERSION -> new HelloRefusal(ErrorCode.ERROR_VERSION_UNSUPPORTED, "HELLO-4", rejection.detail());
            case FRAME_TOO_LARGE -> new HelloRefusal(ErrorCode.ERROR_PEER_REJECTED, "HELLO-5",
                    "the Hello exceeds the 64 KiB Hello cap: " + rejection.detail());
            default -> new HelloRefusal(ErrorCode.ERROR_PEER_REJECTED, "HELLO-4", "incomplete Hello frame: " + rejection.detail());
        };
    }

    private static Optional<HelloRefusal> fields(Hello hello, long peerPid) {
        if (Integer.compareUnsigned(hello.getClientMinProtocol(), PROTOCOL) > 0
                || Integer.compareUnsigned(hello.getClientMaxProtocol(), PROTOCOL) < 0) {
            return Optional.of(new HelloRefusal(ErrorCode.ERROR_VERSION_UNSUPPORTED, "HELLO-8",
                    "the client's protocol range " + Integer.toUnsignedString(hello.getClientMinProtocol()) + ".."
                            + Integer.toUnsignedString(hello.getClientMaxProtocol()) + " does not include 1"));
        }
        if (!isServiceName(hello.getServiceName())) {
            return peerRejected("service_name is not of the form [a-z0-9-]{1,64}");
        }
        if (hello.getWantedVersionBytes().size() > MAX_WANTED_VERSION_BYTES || !VERSION.matcher(hello.getWantedVersion()).matches()) {
            return peerRejected("wanted_version is not a version MAJOR.MINOR.PATCH[-suffix] of at most 64 bytes");
        }
        if (hello.getClientVersionBytes().size() > MAX_CLIENT_VERSION_BYTES) {
            return peerRejected("client_version is longer than 128 bytes");
        }
        if (hello.getClientLibNameBytes().size() > MAX_CLIENT_LIB_BYTES || hello.getClientLibVersionBytes().size() > MAX_CLIENT_LIB_BYTES) {
            return peerRejected("client_lib_name or client_lib_version is longer than 64 bytes");
        }
        long claimed = Integer.toUnsignedLong(hello.getPeerPid());
        if (claimed != 0 && peerPid != 0 && claimed != peerPid) {
            return peerRejected("peer_pid " + claimed + " is not the connected process (" + peerPid + ")");
        }
        return Optional.empty();
    }

    private static Optional<HelloRefusal> served(Hello hello, String service) {
        return hello.getServiceName().equals(service) ? Optional.empty()
                : Optional.of(new HelloRefusal(ErrorCode.ERROR_SERVICE_UNKNOWN, "HELLO-10",
                        "service '" + hello.getServiceName() + "' is not served here"));
    }

    private static Optional<HelloRefusal> peerRejected(String reason) {
        return Optional.of(new HelloRefusal(ErrorCode.ERROR_PEER_REJECTED, "HELLO-9", reason));
    }

    private static HelloVerdict refused(HelloRefusal refusal, Optional<Frame> frame) {
        return new HelloVerdict.Refused(refusal, frame);
    }
}
