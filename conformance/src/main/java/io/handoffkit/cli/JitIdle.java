package io.handoffkit.cli;

import com.sun.management.HotSpotDiagnosticMXBean;
import java.io.IOException;
import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.LongSupplier;

/**
 * When a benchmark's extra warm-up may end: once every round has run often enough for C2 to take
 * the methods called once per round (HotSpot's {@code Tier4CompileThreshold} invocations) and the
 * JIT compiler has then done no work for {@link #QUIET_ROUNDS} consecutive rounds, or after
 * {@link #MAX_EXTRA_ROUNDS} rounds at most. On
 * Linux the work is the CPU time of HotSpot's compiler threads ({@code /proc/self/task}), so a long
 * compilation in progress counts; elsewhere it is the JVM's total compilation time, which grows only
 * when a compilation ends.
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

    /** Where HotSpot does not say: its default. */
    static final int DEFAULT_TIER4_COMPILE_THRESHOLD = 15_000;

    /** A reading that grows while the compiler works. */
    private final LongSupplier compilerWork;
    /** Extra rounds that run before quiet rounds count: the benchmark's own loop is compiled last. */
    private final int minimumExtraRounds;
    private long lastWork = -1;
    private int quietRounds;
    private int extraRounds;

    JitIdle(LongSupplier compilerWork, int minimumExtraRounds) {
        this.compilerWork = compilerWork;
        this.minimumExtraRounds = minimumExtraRounds;
    }

    /** This JVM's compiler, after {@code warmupRounds} rounds; empty where neither reading is available. */
    static Optional<JitIdle> ofThisJvm(int warmupRounds) {
        int minimumExtraRounds = Math.max(0, tier4CompileThreshold() - warmupRounds);
        if (compilerThreadsNanos() > 0) {
            return Optional.of(new JitIdle(JitIdle::compilerThreadsNanos, minimumExtraRounds));
        }
        CompilationMXBean jit = ManagementFactory.getCompilationMXBean();
        if (jit == null || !jit.isCompilationTimeMonitoringSupported()) {
            return Optional.empty();
        }
        return Optional.of(new JitIdle(jit::getTotalCompilationTime, minimumExtraRounds));
    }

    /** The invocations after which tiered HotSpot compiles a method with C2 (when its queue is short). */
    static int tier4CompileThreshold() {
        try {
            HotSpotDiagnosticMXBean hotspot = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
            return Integer.parseInt(hotspot.getVMOption("Tier4CompileThreshold").getValue());
        } catch (RuntimeException e) {
            return DEFAULT_TIER4_COMPILE_THRESHOLD; // not HotSpot, or no such flag
        }
    }

    /**
     * CPU nanoseconds used so far by this JVM's compiler threads (HotSpot names them "C1 CompilerThread0",
     * "C2 CompilerThread0", ...; Linux shows the first 15 characters); 0 where {@code /proc} cannot tell.
     * The threads are listed on every call: HotSpot starts and stops compiler threads as its queue grows.
     */
    static long compilerThreadsNanos() {
        long nanos = 0;
        try (DirectoryStream<Path> tasks = Files.newDirectoryStream(Path.of("/proc/self/task"))) {
            for (Path task : tasks) {
                try {
                    if (Files.readString(task.resolve("comm")).contains("CompilerThre")) {
                        nanos += Long.parseLong(Files.readString(task.resolve("schedstat")).split(" ")[0]);
                    }
                } catch (IOException | RuntimeException e) {
                    // the thread ended between the listing and the read
                }
            }
        } catch (IOException | RuntimeException e) {
            return 0;
        }
        return nanos;
    }

    /** Called after each extra warm-up round; true once the warm-up may end. */
    boolean reached() {
        long work = compilerWork.getAsLong();
        quietRounds = work == lastWork && extraRounds >= minimumExtraRounds ? quietRounds + 1 : 0;
        lastWork = work;
        extraRounds++;
        return quietRounds >= QUIET_ROUNDS || extraRounds >= MAX_EXTRA_ROUNDS;
    }

    /** The extra warm-up rounds run so far. */
    int extraRounds() {
        return extraRounds;
    }
}
