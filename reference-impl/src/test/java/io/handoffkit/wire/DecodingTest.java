package io.handoffkit.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import com.google.protobuf.ByteString;
import io.handoffkit.proto.v1.Frame;
import io.handoffkit.proto.v1.HandoffAck;
import java.util.Arrays;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The decoder's two promises beyond protobuf-java's own parse: the same verdicts, and no copy of the body. */
class DecodingTest {

    /** A stray end-group tag (field 1, wire type 4) after a complete message. */
    private static final byte END_GROUP = 0x0C;

    private static final HandoffAck ACK = HandoffAck.newBuilder()
            .setToken(ByteString.copyFrom(new byte[16])).setAccepted(true).setCorrelationId(7).build();

    private static byte[] withTrailingEndGroup(byte[] message) {
        byte[] out = Arrays.copyOf(message, message.length + 1);
        out[message.length] = END_GROUP;
        return out;
    }

    @Test
    @DisplayName("DEC-1 a Frame body that ends in a stray end-group tag is undecodable, as protobuf-java's parseFrom judges it")
    void frameWithTrailingEndGroup() {
        byte[] body = withTrailingEndGroup(HandoffFrames.ack(ACK).toByteArray());
        Verdict.Rejected<?> rejected = assertInstanceOf(Verdict.Rejected.class, Decoding.frame(body, "HandoffAck"));
        assertEquals(ReasonCode.FRAME_UNDECODABLE, rejected.rejection().reason());
    }

    @Test
    @DisplayName("DEC-2 a payload that ends in a stray end-group tag is undecodable, as protobuf-java's parseFrom judges it")
    void payloadWithTrailingEndGroup() {
        ByteString payload = ByteString.copyFrom(withTrailingEndGroup(ACK.toByteArray()));
        Verdict.Rejected<?> rejected = assertInstanceOf(Verdict.Rejected.class, Decoding.ack(payload));
        assertEquals(ReasonCode.PAYLOAD_UNDECODABLE, rejected.rejection().reason());
    }

    @Test
    @DisplayName("the payload of a decoded Frame shares the frame body (no copy per frame): the body is the reader's, never written again")
    void payloadSharesTheBody() {
        byte[] body = HandoffFrames.ack(ACK).toByteArray();
        Frame frame = ((Verdict.Accepted<Frame>) Decoding.frame(body, "HandoffAck")).value();
        ByteString before = ByteString.copyFrom(frame.getPayload().toByteArray());
        Arrays.fill(body, (byte) 0x55);
        assertEquals(false, before.equals(frame.getPayload()), "the payload reads the body it was decoded from");
    }
}
