package io.handoffkit.conformance.runner.faulty;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;

/**
 * A faulty backend as a separate process, for the exec and container targets:
 * {@code java -cp handoff-kit.jar io.handoffkit.conformance.runner.faulty.MiniBackendMain --socket PATH --fault NAME
 * [--offer-deadline-ms N] [--ignore-sigterm]}; without {@code --fault}, the fault named in
 * {@code HANDOFF_KIT_FAULT} (a faulty image sets it), else none. A crash is a real exit (code 3).
 */
public final class MiniBackendMain {

    private MiniBackendMain() {}

    public static void main(String[] args) throws Exception {
        Path socket = null;
        Fault fault = Fault.valueOf(System.getenv().getOrDefault("HANDOFF_KIT_FAULT", Fault.NONE.name()));
        long deadline = 300;
        boolean ignoreTerm = false;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--socket" -> socket = Path.of(args[++i]);
                case "--fault" -> fault = Fault.valueOf(args[++i]);
                case "--offer-deadline-ms" -> deadline = Long.parseLong(args[++i]);
                case "--ignore-sigterm" -> ignoreTerm = true;
                default -> {
                    System.err.println("unknown option " + args[i]);
                    System.exit(2);
                }
            }
        }
        if (socket == null) {
            System.err.println("--socket PATH is required");
            System.exit(2);
        }
        MiniBackend backend = MiniBackend.start(socket, fault, Duration.ofMillis(deadline), () -> {
            System.err.println("crashing on purpose: a truncated offer");
            Runtime.getRuntime().halt(3);
        }, System.err::println);
        if (ignoreTerm) {
            // a stubborn backend, so the runner's SIGKILL after SIGTERM can be tested
            sun.misc.Signal.handle(new sun.misc.Signal("TERM"), sun.misc.SignalHandler.SIG_IGN);
        }
        System.out.println("READY " + socket + " fault " + fault);
        CountDownLatch forever = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.out.println("stopping on SIGTERM");
            backend.close();
            forever.countDown();
        }));
        forever.await();
    }
}
