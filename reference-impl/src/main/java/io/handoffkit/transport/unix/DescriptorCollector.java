package io.handoffkit.transport.unix;

import java.io.FileDescriptor;
import java.io.FilterInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.newsclub.net.unix.AFUNIXSocket;

/**
 * The backend's view of a handoff stream that collects every descriptor that arrives, after every
 * read (junixsocket hands descriptors out per read, and batches of several reads merge), whether
 * the read returned bytes, end of stream or an exception. Once the sideband has been taken,
 * {@link #refuseDescriptors()} makes any further descriptor fail the read that brought it: only
 * the sideband may carry one, and the collected strays are still closed by the caller.
 */
final class DescriptorCollector extends FilterInputStream {

    private final AFUNIXSocket socket;
    private final List<FileDescriptor> collected = new ArrayList<>();
    private boolean refusing;

    DescriptorCollector(AFUNIXSocket socket) throws IOException {
        super(socket.getInputStream());
        this.socket = socket;
    }

    @Override
    public int read() throws IOException {
        int b;
        try {
            b = super.read();
        } finally {
            collect();
        }
        refuseStrays();
        return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        int n;
        try {
            n = super.read(b, off, len);
        } finally {
            collect();
        }
        refuseStrays();
        return n;
    }

    /** From now on a descriptor is a protocol violation. */
    void refuseDescriptors() {
        refusing = true;
    }

    /** Descriptors are expected again (the next handoff's sideband). */
    void allowDescriptors() {
        refusing = false;
    }

    /** Every descriptor collected since the last drain; the caller now owns (and must close or adopt) them. */
    List<FileDescriptor> drain() {
        collect();
        List<FileDescriptor> out = new ArrayList<>(collected);
        collected.clear();
        return out;
    }

    private void collect() {
        try {
            collected.addAll(Arrays.asList(socket.getReceivedFileDescriptors()));
        } catch (IOException e) {
            // nothing could be collected; junixsocket closes what it still holds when the socket closes
        }
    }

    private void refuseStrays() throws IOException {
        if (refusing && !collected.isEmpty()) {
            throw new StrayDescriptorException(collected.size());
        }
    }

    /** A descriptor arrived after the sideband. */
    static final class StrayDescriptorException extends IOException {
        StrayDescriptorException(int count) {
            super(count + " descriptor(s) arrived after the sideband; only the 16 token bytes may carry one");
        }
    }
}
