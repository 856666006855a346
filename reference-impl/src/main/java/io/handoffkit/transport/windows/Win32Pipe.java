package io.handoffkit.transport.windows;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Objects;

/**
 * One end of a byte-mode named pipe held as a raw handle, as a stream pair: the broker's
 * handoff connection to a backend. Java's own file API can open a pipe too, but it does not
 * expose the handle, and the handle is what proves who serves the pipe
 * ({@link #serverProcessId()}) and what can be polled for readiness ({@link #readiness()}).
 */
public final class Win32Pipe implements Closeable {

    private final Kernel32Calls kernel32;
    private final long handle;
    private final InputStream input = new PipeInput();
    private final OutputStream output = new PipeOutput();
    private volatile boolean closed;

    private Win32Pipe(Kernel32Calls kernel32, long handle) {
        this.kernel32 = Objects.requireNonNull(kernel32, "kernel32");
        this.handle = handle;
    }

    /** Connect to the pipe at {@code path} (for example {@code \\.\pipe\svc-handoff}). */
    public static Win32Pipe open(Kernel32Calls kernel32, String path) throws IOException {
        try {
            return new Win32Pipe(kernel32, kernel32.openPipe(path));
        } catch (Win32CallException e) {
            throw new IOException("cannot open " + path + ": " + e.getMessage(), e);
        }
    }

    /** Take ownership of an already open pipe handle (closed by {@link #close()}). */
    public static Win32Pipe adopt(Kernel32Calls kernel32, long handle) {
        return new Win32Pipe(kernel32, handle);
    }

    public long handle() {
        return handle;
    }

    /** The process id of the pipe's server: the backend the broker is about to duplicate into. */
    public int serverProcessId() throws IOException {
        ensureOpen();
        try {
            return kernel32.namedPipeServerProcessId(handle);
        } catch (Win32CallException e) {
            throw new IOException(e.getMessage(), e);
        }
    }

    public InputStream input() {
        return input;
    }

    public OutputStream output() {
        return output;
    }

    /** Bytes readable without blocking ({@code PeekNamedPipe}); -1 once the other end is gone. */
    public Readiness readiness() {
        return () -> {
            ensureOpen();
            try {
                return kernel32.peekNamedPipe(handle);
            } catch (Win32CallException e) {
                // a broken pipe ends the stream; any other failure the read will report: neither blocks
                return -1;
            }
        };
    }

    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        try {
            kernel32.closeHandle(handle);
        } catch (Win32CallException e) {
            throw new IOException(e.getMessage(), e);
        }
    }

    private void ensureOpen() throws IOException {
        if (closed) {
            throw new IOException("pipe handle is closed");
        }
    }

    private final class PipeInput extends InputStream {
        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            int n = read(one, 0, 1);
            return n < 0 ? -1 : one[0] & 0xFF;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            Objects.checkFromIndexSize(off, len, b.length);
            if (len == 0) {
                return 0;
            }
            while (true) {
                ensureOpen();
                try {
                    int n = kernel32.readFile(handle, b, off, len);
                    if (n > 0) {
                        return n;
                    }
                    // a zero-byte read is a zero-length write by the peer, not the end: read on
                } catch (Win32CallException e) {
                    if (e.errorCode() == Win32CallException.ERROR_BROKEN_PIPE) {
                        return -1;
                    }
                    throw new IOException(e.getMessage(), e);
                }
            }
        }

        @Override
        public int available() throws IOException {
            return Math.max(0, readiness().poll());
        }
    }

    private final class PipeOutput extends OutputStream {
        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            Objects.checkFromIndexSize(off, len, b.length);
            int done = 0;
            while (done < len) {
                ensureOpen();
                int n;
                try {
                    n = kernel32.writeFile(handle, b, off + done, len - done);
                } catch (Win32CallException e) {
                    throw new IOException(e.getMessage(), e);
                }
                if (n <= 0) {
                    throw new IOException("WriteFile wrote nothing (" + done + " of " + len + " bytes written)");
                }
                done += n;
            }
        }
    }
}
