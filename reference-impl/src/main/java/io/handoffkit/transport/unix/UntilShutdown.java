package io.handoffkit.transport.unix;

import java.util.concurrent.CountDownLatch;

/** How the reference processes run: until the JVM is told to stop (SIGTERM, SIGINT), then close what they serve. */
final class UntilShutdown {

    private UntilShutdown() {}

    /** Block until the JVM begins to shut down, by which time a shutdown hook has closed {@code resource}. */
    static void await(AutoCloseable resource) throws InterruptedException {
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                resource.close();
            } catch (Exception e) {
                // exiting anyway
            }
            stopped.countDown();
        }));
        stopped.await();
    }
}
