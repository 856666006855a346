package io.handoffkit.wire;

import com.google.protobuf.ByteString;
import com.google.protobuf.CodedInputStream;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Parser;
import com.google.protobuf.UnsafeByteOperations;
import io.handoffkit.proto.v1.Frame;
import io.handoffkit.proto.v1.HandoffAck;
import io.handoffkit.proto.v1.HandoffOffer;
import io.handoffkit.proto.v1.Hello;
import io.handoffkit.proto.v1.HelloReply;

/**
 * The one place protobuf bytes become messages. Unknown and reserved fields
 * are skipped, out-of-range varints truncate, the last duplicate wins, and
 * invalid UTF-8 in a string field is rejected (SPEC DEC-*).
 */
public final class Decoding {

    private Decoding() {}

    /**
     * @param body a frame body nobody writes afterwards (as {@link FrameReader} returns one per frame):
     *     the frame's payload shares it instead of copying it
     * @param carrying what the frame should carry, for the detail ("HandoffOffer", "HandoffAck", ...)
     */
    public static Verdict<Frame> frame(byte[] body, String carrying) {
        try {
            // wrapped as immutable: a CodedInputStream over a plain array copies bytes fields even with aliasing on
            return Verdict.accept(parse(Frame.parser(), UnsafeByteOperations.unsafeWrap(body).newCodedInput()));
        } catch (InvalidProtocolBufferException e) {
            return Verdict.reject(ReasonCode.FRAME_UNDECODABLE, "DEC-1",
                    "failed to decode " + carrying + " Frame: " + e.getMessage());
        }
    }

    public static Verdict<HandoffOffer> offer(ByteString payload) {
        return payload(payload, HandoffOffer.parser(), "HandoffOffer");
    }

    public static Verdict<HandoffAck> ack(ByteString payload) {
        return payload(payload, HandoffAck.parser(), "HandoffAck");
    }

    public static Verdict<Hello> hello(ByteString payload) {
        return payload(payload, Hello.parser(), "Hello");
    }

    public static Verdict<HelloReply> helloReply(ByteString payload) {
        return payload(payload, HelloReply.parser(), "HelloReply");
    }

    private static <M> Verdict<M> payload(ByteString payload, Parser<M> parser, String name) {
        try {
            return Verdict.accept(parse(parser, payload.newCodedInput()));
        } catch (InvalidProtocolBufferException e) {
            return Verdict.reject(ReasonCode.PAYLOAD_UNDECODABLE, "DEC-2",
                    "failed to decode " + name + " payload: " + e.getMessage());
        }
    }

    /**
     * What {@code parser.parseFrom(bytes)} does (the whole input; a dangling end-group tag refused, which the
     * parser checks itself, DecodingTest), except that bytes fields alias the input instead of copying it: the
     * input is never written again.
     */
    private static <M> M parse(Parser<M> parser, CodedInputStream input) throws InvalidProtocolBufferException {
        input.enableAliasing(true);
        return parser.parseFrom(input);
    }
}
