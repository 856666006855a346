package io.handoffkit.conformance.property;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * Shrinks a failing input buffer the way Hypothesis does: not the value but
 * the bytes it was generated from. Passes, repeated until none helps or the
 * budget is spent: delete chunks of decreasing size, zero chunks, lower
 * single bytes (binary search towards zero). A candidate is kept only when it
 * still fails the same way and is smaller in shortlex order (shorter, or as
 * long and lexicographically smaller), so shrinking always terminates.
 */
public final class Shrinker {

    /** Replays a candidate: what it consumed when it fails the same way, empty otherwise. */
    public interface Oracle extends Function<byte[], Optional<Replay>> {}

    /** A failing replay: the consumed prefix and its multi-byte integer draws ({offset, length}). */
    public record Replay(byte[] consumed, List<int[]> blocks) {}

    /** The smallest buffer found and what it cost. */
    public record Result(byte[] buffer, int steps, int evaluations, boolean budgetExhausted) {}

    private final Oracle oracle;
    private final int maxEvaluations;
    private final long deadlineNanos;
    private byte[] best;
    private List<int[]> bestBlocks = List.of();
    private int steps;
    private int evaluations;

    private Shrinker(Oracle oracle, byte[] start, int maxEvaluations, long maxNanos) {
        this.oracle = oracle;
        this.best = start;
        this.maxEvaluations = maxEvaluations;
        this.deadlineNanos = System.nanoTime() + maxNanos;
    }

    /** Shrink {@code failing} (which must fail) with at most {@code maxEvaluations} replays and {@code maxNanos} of time. */
    public static Result shrink(byte[] failing, Oracle oracle, int maxEvaluations, long maxNanos) {
        Shrinker s = new Shrinker(oracle, failing.clone(), maxEvaluations, maxNanos);
        oracle.apply(failing).ifPresent(r -> {
            s.best = r.consumed();
            s.bestBlocks = r.blocks();
        });
        s.run();
        return new Result(s.best, s.steps, s.evaluations, s.exhausted());
    }

    private boolean exhausted() {
        return evaluations >= maxEvaluations || System.nanoTime() - deadlineNanos > 0;
    }

    private void run() {
        boolean improved = true;
        while (improved && !exhausted()) {
            improved = deleteChunks();
            improved |= zeroChunks();
            improved |= lowerBlocks();
            improved |= lowerBytes();
        }
    }

    /** Try one candidate; adopt its consumed prefix when it still fails and is smaller. */
    private boolean attempt(byte[] candidate) {
        if (exhausted() || !smaller(candidate, best)) {
            return false;
        }
        evaluations++;
        Optional<Replay> replayed = oracle.apply(candidate);
        if (replayed.isEmpty()) {
            return false;
        }
        // the canonical form (what was consumed, zero-padded past the end) replays identically
        byte[] next = replayed.get().consumed();
        if (!smaller(next, best)) {
            return false;
        }
        best = next;
        bestBlocks = replayed.get().blocks();
        steps++;
        return true;
    }

    private boolean deleteChunks() {
        boolean improved = false;
        for (int size = Integer.highestOneBit(Math.max(1, best.length / 2)); size >= 1; size = size > 8 ? size / 2 : size - 1) {
            int stride = size > 8 ? size / 2 : 1;
            for (int i = best.length - size; i >= 0 && !exhausted(); i -= stride) {
                if (i + size > best.length) {
                    continue;
                }
                byte[] candidate = new byte[best.length - size];
                System.arraycopy(best, 0, candidate, 0, i);
                System.arraycopy(best, i + size, candidate, i, best.length - i - size);
                improved |= attempt(candidate);
            }
        }
        return improved;
    }

    private boolean zeroChunks() {
        boolean improved = false;
        for (int size : new int[] {8, 4, 2, 1}) {
            for (int i = 0; i + size <= best.length && !exhausted(); i += size == 1 ? 1 : size / 2) {
                if (allZero(best, i, size)) {
                    continue;
                }
                byte[] candidate = best.clone();
                Arrays.fill(candidate, i, i + size, (byte) 0);
                improved |= attempt(candidate);
            }
        }
        return improved;
    }

    /** Binary search each multi-byte integer draw (as a big-endian number) down towards zero. */
    private boolean lowerBlocks() {
        boolean improved = false;
        for (int b = 0; b < bestBlocks.size() && !exhausted(); b++) {
            int offset = bestBlocks.get(b)[0];
            int length = bestBlocks.get(b)[1];
            if (offset + length > best.length) {
                continue;
            }
            // binary search, then a few small steps down (the failing values need not be contiguous:
            // "odd and at least 1000"); repeat while either helps
            boolean again = true;
            while (again && !exhausted() && offset + length <= best.length) {
                again = false;
                long lo = 0;
                long hi = read(best, offset, length);
                while (Long.compareUnsigned(lo, hi) < 0 && !exhausted() && offset + length <= best.length) {
                    long mid = lo + (hi - lo) / 2;
                    if (attempt(withBlock(offset, length, mid))) {
                        improved = true;
                        hi = offset + length <= best.length ? read(best, offset, length) : 0;
                    } else {
                        lo = mid + 1;
                    }
                }
                for (int step = 1; step <= 2 && offset + length <= best.length; step++) {
                    long v = read(best, offset, length);
                    if (Long.compareUnsigned(v, step) >= 0 && attempt(withBlock(offset, length, v - step))) {
                        improved = true;
                        again = true;
                        break;
                    }
                }
            }
        }
        return improved;
    }

    private byte[] withBlock(int offset, int length, long value) {
        byte[] candidate = best.clone();
        write(candidate, offset, length, value);
        return candidate;
    }

    private static long read(byte[] b, int offset, int length) {
        long v = 0;
        for (int i = 0; i < length; i++) {
            v = v << 8 | (b[offset + i] & 0xFF);
        }
        return v;
    }

    private static void write(byte[] b, int offset, int length, long v) {
        for (int i = length - 1; i >= 0; i--) {
            b[offset + i] = (byte) v;
            v >>>= 8;
        }
    }

    /** Binary search each non-zero byte down to the smallest value that still fails. */
    private boolean lowerBytes() {
        boolean improved = false;
        for (int i = 0; i < best.length && !exhausted(); i++) {
            int lo = 0;
            int hi = best[i] & 0xFF;
            while (lo < hi && !exhausted() && i < best.length) {
                int mid = (lo + hi) >>> 1;
                byte[] candidate = best.clone();
                candidate[i] = (byte) mid;
                if (attempt(candidate)) {
                    improved = true;
                    hi = i < best.length ? best[i] & 0xFF : 0;
                } else {
                    lo = mid + 1;
                }
            }
        }
        return improved;
    }

    private static boolean allZero(byte[] b, int from, int size) {
        for (int i = from; i < from + size; i++) {
            if (b[i] != 0) {
                return false;
            }
        }
        return true;
    }

    /** Shortlex order: shorter first, then lexicographically by unsigned byte. */
    static boolean smaller(byte[] a, byte[] b) {
        if (a.length != b.length) {
            return a.length < b.length;
        }
        return Arrays.compareUnsigned(a, b) < 0;
    }
}
