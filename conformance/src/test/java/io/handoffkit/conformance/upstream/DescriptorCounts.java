package io.handoffkit.conformance.upstream;

import io.handoffkit.transport.unix.Descriptors;
import java.io.File;
import java.time.Duration;
import java.util.function.IntSupplier;

/**
 * Descriptor accounting across processes (Linux): this JVM's count is the reference's
 * {@link Descriptors#countOpen()}, another process's is read from outside, from
 * {@code /proc/<pid>/fd}. Counts are compared once they have settled: a process closes a finished
 * connection's descriptor on its own schedule (a thread that sees end of stream, a cleaner).
 */
final class DescriptorCounts {

    private static final Duration POLL = Duration.ofMillis(50);

    private DescriptorCounts() {}

    /** This process's open descriptors, after a garbage collection (junixsocket closes unreachable sockets from a cleaner). */
    static IntSupplier ownAfterGc() {
        return () -> {
            System.gc();
            return Descriptors.countOpen();
        };
    }

    /** The open descriptors of process {@code pid}, as {@code /proc/<pid>/fd} lists them. */
    static IntSupplier of(long pid) {
        return () -> {
            String[] entries = new File("/proc/" + pid + "/fd").list();
            if (entries == null) {
                throw new IllegalStateException("/proc/" + pid + "/fd cannot be listed (process gone, or not Linux)");
            }
            return entries.length;
        };
    }

    /** The count once two readings in a row agree (at most {@code within}): a baseline. */
    static int steady(IntSupplier count, Duration within) throws InterruptedException {
        long end = System.nanoTime() + within.toNanos();
        int previous = count.getAsInt();
        while (true) {
            Thread.sleep(POLL.toMillis());
            int now = count.getAsInt();
            if (now == previous || System.nanoTime() - end > 0) {
                return now;
            }
            previous = now;
        }
    }

    /** The count once it is back to {@code baseline}, or the last reading after {@code within}: what is left after settling. */
    static int settled(IntSupplier count, int baseline, Duration within) throws InterruptedException {
        long end = System.nanoTime() + within.toNanos();
        int now = count.getAsInt();
        while (now != baseline && System.nanoTime() - end < 0) {
            Thread.sleep(POLL.toMillis());
            now = count.getAsInt();
        }
        return now;
    }
}
