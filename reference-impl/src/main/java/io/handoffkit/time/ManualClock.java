package io.handoffkit.time;

import java.time.Duration;

/** A clock that moves only when told to: deadlines become deterministic in tests and properties. */
public final class ManualClock implements Clock {

    private long now;

    public ManualClock(long startNanos) {
        this.now = startNanos;
    }

    public ManualClock() {
        this(0L);
    }

    @Override
    public synchronized long nanos() {
        return now;
    }

    public synchronized void advance(Duration by) {
        now += by.toNanos();
    }

    public synchronized void advanceNanos(long by) {
        now += by;
    }
}
