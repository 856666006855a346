package io.handoffkit.transport.unix;

import java.io.Closeable;
import java.io.File;
import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.Optional;
import org.newsclub.net.unix.AFSocket;
import org.newsclub.net.unix.FileDescriptorCast;

/**
 * Descriptor hygiene for a process that shares a connection with another one.
 *
 * <p>junixsocket's {@code close()} on a socket always calls {@code shutdown(SHUT_RDWR)} first,
 * which ends the connection for <em>every</em> process holding a copy of it (and
 * {@code setShutdownOnClose(false)} does not prevent that in junixsocket 2.10.1: measured). A
 * broker that handed a client connection off, or a backend that refuses one, must instead close
 * only its own descriptor: {@link #dropWithoutShutdown} closes the descriptor through a
 * {@link FileInputStream}, which calls plain {@code close(2)} and invalidates the
 * {@link FileDescriptor} object, so a later {@code close()} of the junixsocket object that owned it
 * can no longer touch that descriptor number (nor a new descriptor that reused it).
 */
public final class Descriptors {

    /**
     * junixsocket closes the descriptors a socket received (and has not seen closed) when that socket
     * is closed, holding the socket's registry of them while it closes each one; closing a received
     * descriptor takes the descriptor's lock and then that registry. One thread doing each at once
     * deadlocks (seen under load: a backend closing a session while the session dropped a refused
     * descriptor), so both kinds of close go through this one lock.
     */
    private static final Object CLOSING = new Object();

    /** Linux's {@code O_NONBLOCK} (octal 04000) in the {@code flags:} line of {@code /proc/self/fdinfo}. */
    private static final int O_NONBLOCK = 04000;

    private Descriptors() {}

    /** Close this process's copy of a descriptor without shutting the connection down. Never throws. */
    public static void dropWithoutShutdown(FileDescriptor fd) {
        if (fd == null || !fd.valid()) {
            return;
        }
        synchronized (CLOSING) {
            try {
                new FileInputStream(fd).close();
            } catch (IOException | RuntimeException e) {
                // close(2) releases the descriptor even when it reports an error; nothing else to undo
            }
        }
    }

    /**
     * Close a socket that may have received descriptors (its connection is shut down: junixsocket's
     * {@code close()}), never concurrently with {@link #dropWithoutShutdown}. Never throws.
     */
    public static void closeSocket(Closeable socket) {
        synchronized (CLOSING) {
            try {
                socket.close();
            } catch (IOException | RuntimeException e) {
                // released either way
            }
        }
    }

    /** {@link #dropWithoutShutdown} for each descriptor. */
    public static void dropAllWithoutShutdown(Collection<FileDescriptor> fds) {
        for (FileDescriptor fd : fds) {
            dropWithoutShutdown(fd);
        }
    }

    /** The descriptor of a socket; an invalid one (which any use fails on) when the socket is already closed. */
    static FileDescriptor of(AFSocket<?> socket) {
        try {
            return socket.getFileDescriptor();
        } catch (IOException e) {
            return new FileDescriptor();
        }
    }

    /**
     * Whether the open file description behind {@code fd} is in non-blocking mode ({@code O_NONBLOCK}),
     * read from {@code /proc/self/fdinfo} (Linux); empty where that cannot be read. A descriptor
     * passed with {@code SCM_RIGHTS} shares this flag with the sender's copy (BROKER-2).
     */
    public static Optional<Boolean> nonBlocking(FileDescriptor fd) {
        try {
            int number = FileDescriptorCast.using(fd).as(Integer.class);
            for (String line : Files.readAllLines(Path.of("/proc/self/fdinfo", Integer.toString(number)))) {
                if (line.startsWith("flags:")) {
                    return Optional.of((Integer.parseInt(line.substring("flags:".length()).trim(), 8) & O_NONBLOCK) != 0);
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux, or the descriptor is closed
        }
        return Optional.empty();
    }

    /**
     * How many descriptors this process has open, from {@code /proc/self/fd} (Linux); -1 where
     * that directory does not exist. The listing itself holds one descriptor while it runs, which
     * is included and constant.
     */
    public static int countOpen() {
        String[] entries = new File("/proc/self/fd").list();
        return entries == null ? -1 : entries.length;
    }
}
