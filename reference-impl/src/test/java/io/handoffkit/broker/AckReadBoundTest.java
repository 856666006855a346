package io.handoffkit.broker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.handoffkit.profile.Profile;
import io.handoffkit.time.ManualClock;
import io.handoffkit.wire.DeadlineInputStream;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** How each profile bounds the broker's read of the ACK. */
class AckReadBoundTest {

    private final ManualClock clock = new ManualClock(5_000_000_000L);
    private final List<Integer> armed = new ArrayList<>();
    private final InputStream stream = new ByteArrayInputStream(new byte[0]);

    @Test
    @DisplayName("ACK-9 (4.5.5) the receive timeout is the time left to the ACK deadline, rounded up to whole milliseconds, on the stream itself")
    void profile455ArmsTheTimeLeft() throws IOException {
        InputStream bounded = AckReadBound.bound(Profile.V4_5_5, stream, clock, clock.nanos() + 2_300_000_001L, armed::add);
        assertSame(stream, bounded, "each read waits the one timeout; no deadline of its own");
        assertEquals(List.of(2_301), armed);
    }

    @Test
    @DisplayName("ACK-9 (4.5.5) a deadline already passed still arms 1 ms, never 0 (which would mean wait forever)")
    void profile455NeverArmsZero() throws IOException {
        AckReadBound.bound(Profile.V4_5_5, stream, clock, clock.nanos() - 1, armed::add);
        assertEquals(List.of(1), armed);
    }

    @Test
    @DisplayName("ACK-7 (4.6.2) the read is bounded by the absolute deadline")
    void profile462BoundsByTheDeadline() throws IOException {
        assertInstanceOf(DeadlineInputStream.class,
                AckReadBound.bound(Profile.V4_6_2, stream, clock, clock.nanos() + 1_000_000, armed::add));
    }
}
