package io.handoffkit.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.handoffkit.time.ManualClock;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * ACK-7 on Linux: a long SO_RCVTIMEO fires late (a 5 s read timeout measured 5.12 s here), so
 * {@link DeadlineInputStream} arms at most {@link DeadlineInputStream#MAX_SLICE_MILLIS} at a time
 * and waits again until the deadline itself has passed.
 */
class DeadlineSliceTest {

    /** A silent peer on a manual clock: each read waits out the armed timeout, then times out like SO_TIMEOUT. */
    private static final class SilentPeer extends InputStream {
        final ManualClock clock;
        final boolean timeoutsTakeTime;
        final boolean early;
        final List<Integer> armed = new ArrayList<>();

        SilentPeer(ManualClock clock, boolean timeoutsTakeTime) {
            this(clock, timeoutsTakeTime, false);
        }

        /** {@code early}: each timeout fires after three quarters of its time, like a tick-based timer firing early. */
        SilentPeer(ManualClock clock, boolean timeoutsTakeTime, boolean early) {
            this.clock = clock;
            this.timeoutsTakeTime = timeoutsTakeTime;
            this.early = early;
        }

        void arm(int millis) {
            armed.add(millis);
        }

        @Override
        public int read() throws SocketTimeoutException {
            if (timeoutsTakeTime) {
                long millis = armed.get(armed.size() - 1);
                clock.advance(Duration.ofMillis(early ? Math.max(1, (millis * 3 + 3) / 4) : millis));
            }
            throw new SocketTimeoutException("Read timed out");
        }
    }

    @Test
    @DisplayName("ACK-7 a long deadline is waited in slices of at most 100 ms and ends exactly at the deadline")
    void longDeadlineIsSliced() {
        ManualClock clock = new ManualClock();
        SilentPeer peer = new SilentPeer(clock, true);
        long deadline = Duration.ofMillis(5_050).toNanos();
        DeadlineInputStream in = new DeadlineInputStream(peer, clock, deadline, peer::arm);
        assertThrows(DeadlineExceededException.class, in::read);
        assertEquals(deadline, clock.nanos(), "the wait ended at the deadline, not before");
        assertTrue(peer.armed.stream().allMatch(ms -> ms <= DeadlineInputStream.MAX_SLICE_MILLIS), peer.armed.toString());
        // 50 full slices and the 50 ms left; an unchanged timeout is not armed again (one setsockopt saved per read)
        assertEquals(List.of(100, 50), peer.armed);
    }

    @Test
    @DisplayName("ACK-7 a timeout that fires before the deadline is waited again: the read never fails early")
    void earlyTimeoutIsWaitedAgain() {
        ManualClock clock = new ManualClock();
        SilentPeer peer = new SilentPeer(clock, true, true);
        long deadline = Duration.ofMillis(20).toNanos();
        DeadlineInputStream in = new DeadlineInputStream(peer, clock, deadline, peer::arm);
        assertThrows(DeadlineExceededException.class, in::read);
        assertTrue(clock.nanos() >= deadline, "gave up at " + clock.nanos() + " ns, before the deadline " + deadline);
        assertEquals(List.of(20, 5, 1), peer.armed);
    }

    @Test
    @DisplayName("ACK-7 a timeout that took no time on the clock ends the read at once (no busy loop)")
    void timeoutWithoutTimePassingIsBelieved() {
        // not at instant 0: the arming instant is compared, and 0 must not pass for it
        ManualClock clock = new ManualClock(Duration.ofDays(1).toNanos());
        SilentPeer peer = new SilentPeer(clock, false);
        DeadlineInputStream in = new DeadlineInputStream(peer, clock, clock.nanos() + Duration.ofSeconds(5).toNanos(), peer::arm);
        assertThrows(DeadlineExceededException.class, in::read);
        assertEquals(List.of(DeadlineInputStream.MAX_SLICE_MILLIS), peer.armed);
    }

    @Test
    @DisplayName("ACK-7 a bulk read keeps the same bounds: it ends at the deadline, and at once when a timeout took no time")
    void bulkReadKeepsTheBounds() {
        ManualClock clock = new ManualClock();
        SilentPeer waiting = new SilentPeer(clock, true);
        long deadline = Duration.ofMillis(250).toNanos();
        DeadlineInputStream in = new DeadlineInputStream(waiting, clock, deadline, waiting::arm);
        assertThrows(DeadlineExceededException.class, () -> in.read(new byte[8], 0, 8));
        assertEquals(deadline, clock.nanos(), "the wait ended at the deadline, not before");

        ManualClock stopped = new ManualClock();
        SilentPeer instant = new SilentPeer(stopped, false);
        DeadlineInputStream believed = new DeadlineInputStream(instant, stopped, Duration.ofSeconds(5).toNanos(), instant::arm);
        assertThrows(DeadlineExceededException.class, () -> believed.read(new byte[8], 0, 8));
        assertEquals(List.of(DeadlineInputStream.MAX_SLICE_MILLIS), instant.armed, "given up after one timeout, not looped");
    }

    @Test
    @DisplayName("ACK-7 streams reading one socket in turn share its armed timeout: an unchanged value is not armed again")
    void sharedTimeoutIsArmedOnce() throws Exception {
        ManualClock clock = new ManualClock();
        List<Integer> armed = new ArrayList<>();
        DeadlineInputStream.Remembered socketTimeout = DeadlineInputStream.ReadTimeout.remembered(armed::add);
        byte[] bytes = {1, 2, 3};
        for (int handoff = 0; handoff < 3; handoff++) { // one stream per handoff, as the backend's session does
            DeadlineInputStream in = new DeadlineInputStream(new ByteArrayInputStream(bytes), clock,
                    clock.nanos() + Duration.ofSeconds(5).toNanos(), socketTimeout);
            assertEquals(1, in.read());
        }
        assertEquals(List.of(100), armed);
        assertSame(socketTimeout, DeadlineInputStream.ReadTimeout.remembered(socketTimeout), "wrapping twice adds nothing");
    }
}
