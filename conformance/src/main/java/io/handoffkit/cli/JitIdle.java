package io.handoffkit.cli;

import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
import java.util.Optional;
import java.util.function.LongSupplier;

/**
 * When a benchmark's extra warm-up may end: once the JIT compiler has finished no compilation for
 * {@link #QUIET_ROUNDS} consecutive rounds, or after {@link #MAX_EXTRA_ROUNDS} rounds at most.
 *
 * <p>Why: on a 2-core machine a C2 compilation running during the measured rounds takes a core from
 * the broker's thread and the backend's; a wake-up then waits for the next scheduler tick (4 ms), and
 * those handoffs make the P99 (bench/README.md, "Tail analysis"). The benchmark's own loop is compiled
 * last, since it runs once per round, so a fixed warm-up that is long enough on a quiet machine is not
 * under load.
 */
final class JitIdle {

    static final int QUIET_ROUNDS = 1000;
    static final int MAX_EXTRA_ROUNDS = 20_000;

    /** HotSpot's accumulated compilation time in milliseconds: it grows when a compilation finishes. */
    private final LongSupplier compiledMillis;
    private long lastMillis = -1;
    private int quietRounds;
    private int extraRounds;

    JitIdle(LongSupplier compiledMillis) {
        this.compiledMillis = compiledMillis;
    }

    /** This JVM's compiler; empty where the JVM does not report compilation time. */
    static Optional<JitIdle> ofThisJvm() {
        CompilationMXBean jit = ManagementFactory.getCompilationMXBean();
        if (jit == null || !jit.isCompilationTimeMonitoringSupported()) {
            return Optional.empty();
        }
        return Optional.of(new JitIdle(jit::getTotalCompilationTime));
    }

    /** Called after each extra warm-up round; true once the warm-up may end. */
    boolean reached() {
        long millis = compiledMillis.getAsLong();
        quietRounds = millis == lastMillis ? quietRounds + 1 : 0;
        lastMillis = millis;
        extraRounds++;
        return quietRounds >= QUIET_ROUNDS || extraRounds >= MAX_EXTRA_ROUNDS;
    }

    /** The extra warm-up rounds run so far. */
    int extraRounds() {
        return extraRounds;
    }
}
