package io.handoffkit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

/** bench handoff --until-jit-idle: when the extra warm-up ends (the compilation-time reading is faked). */
class JitIdleTest {

    @Test
    @DisplayName("the warm-up ends after the given number of rounds in which no compilation finished")
    void endsAfterQuietRounds() {
        JitIdle idle = new JitIdle(() -> 42, 0);
        assertEquals(JitIdle.QUIET_ROUNDS + 1, roundsUntilReached(idle)); // the first reading has nothing to compare with
    }

    @Test
    @DisplayName("a compilation that finishes restarts the count of quiet rounds")
    void compilationRestartsTheCount() {
        AtomicLong millis = new AtomicLong();
        JitIdle idle = new JitIdle(millis::get, 0);
        for (int i = 0; i < JitIdle.QUIET_ROUNDS / 2; i++) {
            idle.reached();
        }
        millis.addAndGet(7); // a compilation finished
        int rest = roundsUntilReached(idle);
        assertEquals(JitIdle.QUIET_ROUNDS / 2 + 1 + JitIdle.QUIET_ROUNDS, idle.extraRounds());
        assertEquals(JitIdle.QUIET_ROUNDS + 1, rest);
    }

    @Test
    @DisplayName("quiet rounds count only after the minimum of extra rounds, when C2 may still be about to take the per-round methods")
    void quietOnlyAfterTheMinimum() {
        JitIdle idle = new JitIdle(() -> 42, 5_000);
        assertEquals(5_000 + JitIdle.QUIET_ROUNDS, roundsUntilReached(idle));
    }

    @Test
    @DisplayName("HotSpot's C2 threshold is read from the running JVM (15,000 by default)")
    void tier4ThresholdIsRead() {
        assertEquals(JitIdle.DEFAULT_TIER4_COMPILE_THRESHOLD, JitIdle.tier4CompileThreshold());
    }

    @Test
    @DisplayName("a JIT that never goes quiet ends the warm-up after the maximum of extra rounds")
    void boundedWhenNeverQuiet() {
        AtomicLong millis = new AtomicLong();
        JitIdle idle = new JitIdle(millis::incrementAndGet, 0);
        assertEquals(JitIdle.MAX_EXTRA_ROUNDS, roundsUntilReached(idle));
    }

    @Test
    @DisplayName("on Linux the compiler threads are found and their CPU time is read; it never goes back")
    @EnabledOnOs(OS.LINUX)
    void compilerThreadsAreFound() {
        long before = JitIdle.compilerThreadsNanos();
        assertTrue(before > 0, "this JVM has compiled something by now: " + before);
        assertTrue(JitIdle.compilerThreadsNanos() >= before);
    }

    private static int roundsUntilReached(JitIdle idle) {
        int rounds = 0;
        do {
            rounds++;
        } while (!idle.reached());
        return rounds;
    }
}
