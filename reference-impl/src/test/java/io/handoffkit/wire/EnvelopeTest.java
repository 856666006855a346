package io.handoffkit.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.handoffkit.proto.v1.Frame;
import io.handoffkit.proto.v1.FrameKind;
import io.handoffkit.proto.v1.HandoffAck;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The envelope check's rejection names the kind it expected as SPEC.md does (ENV-2). */
class EnvelopeTest {

    @Test
    @DisplayName("ENV-2 a frame of the wrong kind is rejected with a detail naming the expected kind without its prefix")
    void wrongKindDetailNamesTheExpectedKind() {
        Frame ack = HandoffFrames.ack(HandoffAck.getDefaultInstance());
        Rejection r = Envelope.validate(ack, FrameKind.FRAME_KIND_REQUEST).orElseThrow();
        assertEquals(ReasonCode.KIND, r.reason());
        assertEquals("ENV-2", r.requirement());
        assertEquals("kind is not REQUEST", r.detail());
        assertEquals("EVENT", Envelope.kindName(FrameKind.FRAME_KIND_EVENT));
    }
}
