package io.handoffkit.broker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import io.handoffkit.proto.v1.Frame;
import io.handoffkit.proto.v1.HandoffAck;
import io.handoffkit.token.Token;
import io.handoffkit.wire.HandoffFrames;
import io.handoffkit.wire.ReasonCode;
import io.handoffkit.wire.Verdict;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The broker's ACK check at the edge of its deadline. */
class AckCheckTest {

    private static final Token OFFERED = Token.fromHex("000102030405060708090a0b0c0d0e0f");
    private static final long CORRELATION = 7;
    private static final long DEADLINE = 1_000_000_000L;

    private static final Frame ACCEPTING = HandoffFrames.ack(HandoffAck.newBuilder()
            .setCorrelationId(CORRELATION)
            .setToken(OFFERED.toByteString())
            .setAccepted(true)
            .build());

    @Test
    @DisplayName("ACK-6 an ACK observed at exactly the deadline is on time; one nanosecond later it is LATE")
    void onTimeAtExactlyTheDeadline() {
        assertInstanceOf(Verdict.Accepted.class, AckCheck.check(ACCEPTING, OFFERED, CORRELATION, DEADLINE, DEADLINE));
        Verdict.Rejected<?> late = assertInstanceOf(Verdict.Rejected.class,
                AckCheck.check(ACCEPTING, OFFERED, CORRELATION, DEADLINE, DEADLINE + 1));
        assertEquals(ReasonCode.LATE, late.rejection().reason());
        assertEquals("ACK-6", late.rejection().requirement());
    }
}
