package io.handoffkit.transport.unix;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

/**
 * The threads of a socket server, kept track of so that its {@code close()} can return only when
 * every one of them has ended: nothing keeps running after a server is closed.
 */
final class WorkerThreads {

    static final Duration TERMINATION_WAIT = Duration.ofSeconds(10);

    /** every thread ever started here that may still run */
    private final Set<Thread> workers = ConcurrentHashMap.newKeySet();

    /**
     * A pool of daemon threads named {@code prefix1, prefix2, ...}. Cached: it hands work to the
     * thread that parked last (warm caches), where a fixed pool's FIFO queue cycles through all its
     * threads (measured: slower handoffs); callers bound what runs at once themselves.
     */
    ExecutorService cachedPool(String prefix) {
        return Executors.newCachedThreadPool(named(prefix));
    }

    /** One daemon thread named {@code name}, started. */
    Thread start(String name, Runnable body) {
        Thread t = track(new Thread(body, name));
        t.start();
        return t;
    }

    /** Wait for every thread started here (each at most {@link #TERMINATION_WAIT}). */
    void joinAll() {
        workers.forEach(WorkerThreads::join);
    }

    /** Wait (at most {@code timeout}, polling) until {@code idle} holds; true when it does. */
    static boolean await(BooleanSupplier idle, Duration timeout) throws InterruptedException {
        long end = System.nanoTime() + timeout.toNanos();
        while (!idle.getAsBoolean()) {
            if (System.nanoTime() - end > 0) {
                return false;
            }
            Thread.sleep(5);
        }
        return true;
    }

    /** Let the pool finish its work, then stop it; interrupt what is still running after the wait. */
    static void shutdown(ExecutorService pool) {
        pool.shutdown();
        try {
            if (!pool.awaitTermination(TERMINATION_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
                pool.shutdownNow();
                pool.awaitTermination(TERMINATION_WAIT.toMillis(), TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            pool.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }

    static void join(Thread thread) {
        try {
            thread.join(TERMINATION_WAIT.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private ThreadFactory named(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return r -> track(new Thread(r, prefix + n.incrementAndGet()));
    }

    private Thread track(Thread t) {
        t.setDaemon(true);
        workers.removeIf(w -> !w.isAlive()); // keeps the set to the threads that may still run
        workers.add(t);
        return t;
    }
}
