package io.handoffkit.conformance.runner.drive.clientbackend;

import io.handoffkit.conformance.runner.drive.ReceivedFrame;
import io.handoffkit.conformance.runner.drive.RecordedSocket;
import io.handoffkit.proto.v1.HandoffOffer;
import io.handoffkit.proto.v1.HelloReply;
import java.util.Optional;

/**
 * What the runner observed in one exchange, at the client end and at the backend end.
 *
 * @param reply the broker's first frame on the client connection
 * @param helloReply that frame's {@code HelloReply}, when it decoded as one
 * @param handoff what came on {@code {backend}}, when the broker dialled it
 * @param afterReply what the client end saw after the reply: the relay, end of stream, silence or other bytes
 * @param relayCrosses after a relay: whether probe bytes crossed from the client end to the backend's copy
 * @param shutDownEarly for {@link Exchange.Copy#KEEP_TO_PROBE}: whether the client end saw end of stream while the runner still held its copy
 * @param crossesAfterFailure for {@link Exchange.Copy#KEEP_TO_PROBE}: whether probe bytes still crossed after the broker let go
 * @param endAfterDrop whether the client end saw end of stream once the runner held no copy
 * @param second the second client ({@link Exchange#secondHello()}), when one was sent
 * @param dialledBeforeReply whether the broker dialled {@code {backend}} before any byte of its reply had reached the client (NEG-5)
 * @param sharesPidNamespace whether the broker's process runs in the runner's pid namespace, so that the kernel
 *     reports the runner's process id to it (HELLO-9); empty when the runner cannot tell
 */
public record Observed(ReceivedFrame reply, Optional<HelloReply> helloReply, Optional<Handoff> handoff, ReceivedFrame afterReply,
                       Optional<Boolean> relayCrosses, Optional<Boolean> shutDownEarly, Optional<Boolean> crossesAfterFailure,
                       RecordedSocket.End endAfterDrop, Optional<Second> second, boolean dialledBeforeReply,
                       Optional<Boolean> sharesPidNamespace) {

    /**
     * A second client's Hello, sent while the first handoff waits for its ACK (BROKER-7).
     *
     * @param reply what the second client got
     * @param firstOpenBefore whether the broker still held the first handoff stream when the second Hello was sent
     * @param firstOpenAfter whether it still held it when the second client's reply had come (or the wait ended)
     */
    public record Second(ReceivedFrame reply, boolean firstOpenBefore, boolean firstOpenAfter) {}

    /**
     * The handoff stream as the runner, the backend, saw it.
     *
     * @param sideband the bytes of the sideband message
     * @param descriptors how many descriptors came with the sideband (and anywhere on the stream before the ACK)
     * @param clientToCopy whether probe bytes written at the client end arrived on the received descriptor
     * @param copyToClient whether probe bytes written on the received descriptor arrived at the client end
     * @param nonBlocking the received descriptor's mode, where it could be read
     * @param offerFrame the frame after the sideband
     * @param offer its payload, when it decoded as a {@code HandoffOffer}
     * @param reply what the runner answered
     * @param streamEnd whether the broker closed the handoff stream once it had the answer (or gave up)
     */
    public record Handoff(byte[] sideband, int descriptors, boolean clientToCopy, boolean copyToClient, Optional<Boolean> nonBlocking,
                          ReceivedFrame offerFrame, Optional<HandoffOffer> offer, Reply reply, RecordedSocket.End streamEnd) {

        public Handoff {
            sideband = sideband.clone();
        }

        @Override
        public byte[] sideband() {
            return sideband.clone();
        }
    }

    /** The Negotiated of the reply, when it was one. */
    public Optional<io.handoffkit.proto.v1.Negotiated> negotiated() {
        return helloReply.filter(HelloReply::hasNegotiated).map(HelloReply::getNegotiated);
    }

    /** The Refused of the reply, when it was one. */
    public Optional<io.handoffkit.proto.v1.Refused> refused() {
        return helloReply.filter(HelloReply::hasRefused).map(HelloReply::getRefused);
    }
}
