package io.handoffkit.cli;

import com.sun.jna.Native;
import com.sun.jna.Platform;
import io.handoffkit.transport.unix.Descriptors;
import java.io.Closeable;
import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import org.newsclub.net.unix.FileDescriptorCast;

/**
 * A connected pair of Unix stream sockets from one {@code socketpair(2)}, the way upstream's harness
 * makes the client connection it hands off: the broker's end is only a descriptor to send and drop,
 * the client's end is read and written with plain {@code read}/{@code write}. It calls libc through
 * JNA because junixsocket 2.10.1's {@code AFUNIXSocketPair} leaves two descriptors open per pair, and
 * a connect plus an accept on a listening socket costs junixsocket an address resolution (with a
 * thrown and caught exception) per accepted socket.
 */
final class SocketPair implements Closeable {

    /** The same values on Linux and macOS. */
    private static final int AF_UNIX = 1;
    private static final int SOCK_STREAM = 1;

    private final FileDescriptor brokerEnd;
    private final FileDescriptor clientEnd;
    private final InputStream clientIn;
    private final OutputStream clientOut;

    private SocketPair(FileDescriptor brokerEnd, FileDescriptor clientEnd) {
        this.brokerEnd = brokerEnd;
        this.clientEnd = clientEnd;
        this.clientIn = new FileInputStream(clientEnd);
        this.clientOut = new FileOutputStream(clientEnd);
    }

    static SocketPair open() throws IOException {
        int[] ends = new int[2];
        if (Libc.socketpair(AF_UNIX, SOCK_STREAM, 0, ends) != 0) {
            throw new IOException("socketpair(2) failed: errno " + Native.getLastError());
        }
        return new SocketPair(FileDescriptorCast.unsafeUsing(ends[0]).getFileDescriptor(),
                FileDescriptorCast.unsafeUsing(ends[1]).getFileDescriptor());
    }

    /** The end a broker hands off; the caller may drop it early with {@link Descriptors#dropWithoutShutdown}. */
    FileDescriptor brokerEnd() {
        return brokerEnd;
    }

    InputStream clientIn() {
        return clientIn;
    }

    OutputStream clientOut() {
        return clientOut;
    }

    /** Closes whichever ends are still open, with plain {@code close(2)}. */
    @Override
    public void close() {
        Descriptors.dropWithoutShutdown(brokerEnd);
        Descriptors.dropWithoutShutdown(clientEnd);
    }

    /** JNA direct mapping: bound once, when this class is first used. */
    private static final class Libc {
        static {
            Native.register(Platform.C_LIBRARY_NAME);
        }

        static native int socketpair(int domain, int type, int protocol, int[] sv);
    }
}
