package io.handoffkit.conformance.runner.targets;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.function.Consumer;

/**
 * Follows a file an implementation writes its output to and hands on each complete line as it
 * appears (a poll every {@link #POLL} ms), so the line can be stamped with the instant it was
 * printed; {@link #close} reads what is left, a last unterminated line included.
 */
final class OutputTail implements AutoCloseable {

    static final long POLL = 2;

    private final Path file;
    private final Consumer<String> lines;
    private final ByteArrayOutputStream partial = new ByteArrayOutputStream();
    private final Thread follower;
    private long position;
    private volatile boolean closing;

    OutputTail(Path file, Consumer<String> lines) {
        this.file = file;
        this.lines = lines;
        this.follower = new Thread(this::follow, "handoff-kit-output-" + file.getFileName());
        follower.setDaemon(true);
        follower.start();
    }

    private void follow() {
        while (!closing) {
            if (!readNew()) {
                try {
                    Thread.sleep(POLL);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }
    }

    /** Read what was appended since the last read; true when there was something. */
    private synchronized boolean readNew() {
        try (FileChannel in = FileChannel.open(file, StandardOpenOption.READ)) {
            if (in.size() <= position) {
                return false;
            }
            ByteBuffer buffer = ByteBuffer.allocate((int) Math.min(in.size() - position, 1 << 16));
            int n = in.read(buffer, position);
            position += n;
            for (int i = 0; i < n; i++) {
                byte b = buffer.get(i);
                if (b == '\n') {
                    lines.accept(partial.toString(StandardCharsets.UTF_8));
                    partial.reset();
                } else {
                    partial.write(b);
                }
            }
            return n > 0;
        } catch (IOException e) {
            return false; // not created yet, or already removed
        }
    }

    @Override
    public void close() {
        closing = true;
        follower.interrupt();
        try {
            follower.join(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        while (readNew()) {
            // drain
        }
        synchronized (this) {
            if (partial.size() > 0) {
                lines.accept(partial.toString(StandardCharsets.UTF_8));
                partial.reset();
            }
        }
    }
}
