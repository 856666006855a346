package io.handoffkit.fuzz.targets;

import static io.handoffkit.fuzz.oracle.OracleViolation.check;

import com.google.protobuf.InvalidProtocolBufferException;
import io.handoffkit.client.RelayCheck;
import io.handoffkit.fuzz.oracle.AllocationMeter;
import io.handoffkit.fuzz.oracle.OracleViolation;
import io.handoffkit.fuzz.oracle.WireOracles;
import io.handoffkit.proto.v1.Frame;
import io.handoffkit.proto.v1.FrameKind;
import io.handoffkit.proto.v1.HandoffAck;
import io.handoffkit.wire.Decoding;
import io.handoffkit.wire.FrameReader;
import io.handoffkit.wire.Framing;
import io.handoffkit.wire.HandoffFrames;
import io.handoffkit.wire.ReasonCode;
import io.handoffkit.wire.Verdict;
import java.io.ByteArrayInputStream;

/** The client's check of the handoff-ready relay (RELAY-1..RELAY-4) with the negotiated token {@link Fixtures#TOKEN}. */
public final class ClientTargets {

    private ClientTargets() {}

    public static void relayCheck(byte[] input) {
        ByteArrayInputStream in = new ByteArrayInputStream(input);
        Verdict<HandoffAck> verdict = AllocationMeter.bounded("RelayCheck.check", input.length,
                () -> RelayCheck.check(in, Fixtures.TOKEN),
                () -> RelayCheck.check(new ByteArrayInputStream(input), Fixtures.TOKEN));
        int consumed = input.length - in.available();
        if (verdict instanceof Verdict.Rejected<HandoffAck> r) {
            WireOracles.checkRejectionShape(r.rejection());
            WireOracles.checkConsumed(input, 0, consumed, Framing.MAX_FRAME_BYTES, r.rejection(), false);
            check(r.rejection().reason() != ReasonCode.IO, () -> "IO rejection from a byte array: " + r.rejection());
            return;
        }
        WireOracles.checkConsumed(input, 0, consumed, Framing.MAX_FRAME_BYTES, null, false);
        HandoffAck ack = ((Verdict.Accepted<HandoffAck>) verdict).value();
        Frame frame = decodedFrame(input);
        WireOracles.checkAcceptedEnvelope(frame, FrameKind.FRAME_KIND_EVENT);
        check(Fixtures.TOKEN.matches(ack.getToken()), () -> "accepted a relay with another token (RELAY-2)");
        check(ack.getAccepted(), () -> "accepted a refused relay (RELAY-3)");
        try {
            check(HandoffAck.parseFrom(frame.getPayload()).equals(ack), () -> "the accepted ACK is not the relay's payload");
        } catch (InvalidProtocolBufferException e) {
            throw new OracleViolation("accepted a relay whose payload does not decode", e);
        }
        // re-encoded as received, and rebuilt with other correlation ids (RELAY-4: the client never checks them)
        long other = ~frame.getRequestId();
        Frame[] variants = {
            frame,
            HandoffFrames.ready(ack),
            frame.toBuilder().setRequestId(other).build(),
            HandoffFrames.ready(ack.toBuilder().setCorrelationId(other).build()),
        };
        for (Frame again : variants) {
            ByteArrayInputStream reread = new ByteArrayInputStream(BackendTargets.encode(again));
            Verdict<HandoffAck> v = RelayCheck.check(reread, Fixtures.TOKEN);
            check(v.accepted() && reread.available() == 0,
                    () -> "a re-encoded accepted relay (request_id " + Long.toUnsignedString(again.getRequestId()) + ") is rejected: " + v);
        }
    }

    private static Frame decodedFrame(byte[] input) {
        Verdict<Frame> frame = FrameReader.read(new ByteArrayInputStream(input), Framing.MAX_FRAME_BYTES)
                .then(body -> Decoding.frame(body, "handoff-ready"));
        if (frame instanceof Verdict.Accepted<Frame> a) {
            return a.value();
        }
        throw new OracleViolation("the client accepted a relay whose frame does not decode: " + frame);
    }
}
