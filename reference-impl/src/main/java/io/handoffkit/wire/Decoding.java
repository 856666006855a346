package io.handoffkit.wire;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import io.handoffkit.proto.v1.Frame;
import io.handoffkit.proto.v1.HandoffAck;
import io.handoffkit.proto.v1.HandoffOffer;

/**
 * The one place protobuf bytes become messages. Unknown and reserved fields
 * are skipped, out-of-range varints truncate, the last duplicate wins, and
 * invalid UTF-8 in a string field is rejected (SPEC DEC-*).
 */
public final class Decoding {

    private Decoding() {}

    /** @param carrying what the frame should carry, for the detail ("HandoffOffer", "HandoffAck", ...) */
    public static Verdict<Frame> frame(byte[] body, String carrying) {
        try {
            return Verdict.accept(Frame.parseFrom(body));
        } catch (InvalidProtocolBufferException e) {
            return Verdict.reject(ReasonCode.FRAME_UNDECODABLE, "DEC-1",
                    "failed to decode " + carrying + " Frame: " + e.getMessage());
        }
    }

    public static Verdict<HandoffOffer> offer(ByteString payload) {
        try {
            return Verdict.accept(HandoffOffer.parseFrom(payload));
        } catch (InvalidProtocolBufferException e) {
            return Verdict.reject(ReasonCode.PAYLOAD_UNDECODABLE, "DEC-2",
                    "failed to decode HandoffOffer payload: " + e.getMessage());
        }
    }

    public static Verdict<HandoffAck> ack(ByteString payload) {
        try {
            return Verdict.accept(HandoffAck.parseFrom(payload));
        } catch (InvalidProtocolBufferException e) {
            return Verdict.reject(ReasonCode.PAYLOAD_UNDECODABLE, "DEC-2",
                    "failed to decode HandoffAck payload: " + e.getMessage());
        }
    }
}
