package io.handoffkit.fuzz.oracle;

import java.lang.management.ManagementFactory;
import java.util.function.Supplier;

/**
 * Meters the heap bytes the current thread allocates while a decoder runs, so
 * a target can demand a bound (FRAME-8: a header claiming 16 MiB followed by a
 * few bytes must cost a small chunk, not 16 MiB). The budget is a constant plus
 * a multiple of the input length: decoding may copy the input a few times, it
 * may not allocate what the input merely claims.
 *
 * <p>Class loading and first-time initialisation also allocate on the calling
 * thread, so an over-budget run is repeated once on the now-warm path and only a
 * second excess is a finding. The action must therefore build its own fresh
 * state each time it runs.
 */
public final class AllocationMeter {

    /** Fixed part of every budget: the reader's first 8 KiB chunk, protobuf objects, exception stacks. */
    public static final long BASE_BUDGET = 1L << 20;
    /** Per input byte: the body buffer doublings, the payload copy, UTF-16 strings, the re-encodings. */
    public static final long PER_INPUT_BYTE = 64;

    private static final com.sun.management.ThreadMXBean THREADS = threads();

    private AllocationMeter() {}

    private static com.sun.management.ThreadMXBean threads() {
        if (ManagementFactory.getThreadMXBean() instanceof com.sun.management.ThreadMXBean t
                && t.isThreadAllocatedMemorySupported()) {
            if (!t.isThreadAllocatedMemoryEnabled()) {
                t.setThreadAllocatedMemoryEnabled(true);
            }
            return t;
        }
        return null;
    }

    /** Whether this JVM can meter per-thread allocation (HotSpot can). */
    public static boolean supported() {
        return THREADS != null;
    }

    /** Bytes allocated by the current thread so far (monotonic), or 0 when unsupported. */
    public static long allocatedBytes() {
        return THREADS == null ? 0 : THREADS.getCurrentThreadAllocatedBytes();
    }

    public static long budget(int inputLength) {
        return BASE_BUDGET + PER_INPUT_BYTE * inputLength;
    }

    /** Bytes {@code action} allocates on this thread. */
    public static long measure(Runnable action) {
        long before = allocatedBytes();
        action.run();
        return allocatedBytes() - before;
    }

    /**
     * Runs {@code action} and returns its result; fails when it allocates more
     * than {@link #budget(int)} twice in a row (the second run warm).
     */
    public static <T> T bounded(String what, int inputLength, Supplier<T> action) {
        return bounded(what, inputLength, action, action::get);
    }

    /**
     * Runs {@code first} and returns its result. When it allocated more than
     * {@link #budget(int)}, runs {@code warmRerun} (the same work on fresh state)
     * and fails when that exceeds the budget too.
     */
    public static <T> T bounded(String what, int inputLength, Supplier<T> first, Runnable warmRerun) {
        long before = allocatedBytes();
        T result = first.get();
        long used = allocatedBytes() - before;
        long budget = budget(inputLength);
        if (used > budget && THREADS != null) {
            long warm = measure(warmRerun);
            OracleViolation.check(warm <= budget, () -> what + " allocated " + warm + " bytes (" + used
                    + " on the first run) for a " + inputLength + "-byte input; the budget is " + budget
                    + " bytes (FRAME-8: never allocate what the input merely claims)");
        }
        return result;
    }
}
