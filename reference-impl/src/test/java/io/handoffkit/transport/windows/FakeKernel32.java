package io.handoffkit.transport.windows;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A model of the kernel32 calls the Windows transport makes: processes with handle tables,
 * duplication between them, and in-memory byte-mode pipes whose far end the test drives as
 * plain streams. Every call is logged in order; errors are scripted per call.
 */
final class FakeKernel32 implements Kernel32Calls {

    static final long CURRENT_PROCESS = -1L;
    static final int BROKER_PID = 1000;

    /** One process: its handle table (values only). */
    static final class Process {
        final int pid;
        final Set<Long> handles = new HashSet<>();
        int denyOpenWith = 0;

        Process(int pid) {
            this.pid = pid;
        }
    }

    /** A byte-mode pipe: what the broker end reads and what it wrote, and the far end as streams. */
    static final class Pipe {
        final int serverPid;
        final ArrayDeque<Byte> toBroker = new ArrayDeque<>();
        final ArrayDeque<Byte> fromBroker = new ArrayDeque<>();
        boolean farEndClosed;
        boolean brokerEndClosed;
        /** Largest chunk one WriteFile accepts (to exercise partial writes). */
        int maxWriteChunk = Integer.MAX_VALUE;
        int failWritesWith = 0;

        Pipe(int serverPid) {
            this.serverPid = serverPid;
        }

        /** The far (backend) end: reads what the broker wrote, writes what the broker reads. */
        InputStream farIn() {
            return new InputStream() {
                @Override
                public int read() throws IOException {
                    synchronized (Pipe.this) {
                        while (fromBroker.isEmpty()) {
                            if (brokerEndClosed) {
                                return -1;
                            }
                            waitFar(Pipe.this);
                        }
                        return fromBroker.removeFirst() & 0xFF;
                    }
                }

                @Override
                public int read(byte[] b, int off, int len) throws IOException {
                    if (len == 0) {
                        return 0;
                    }
                    int first = read();
                    if (first < 0) {
                        return -1;
                    }
                    b[off] = (byte) first;
                    int n = 1;
                    synchronized (Pipe.this) {
                        while (n < len && !fromBroker.isEmpty()) {
                            b[off + n++] = fromBroker.removeFirst();
                        }
                    }
                    return n;
                }
            };
        }

        OutputStream farOut() {
            return new OutputStream() {
                @Override
                public void write(int b) {
                    synchronized (Pipe.this) {
                        toBroker.addLast((byte) b);
                        Pipe.this.notifyAll();
                    }
                }

                @Override
                public void close() {
                    closeFarEnd();
                }
            };
        }

        synchronized void closeFarEnd() {
            farEndClosed = true;
            notifyAll();
        }
    }

    final List<String> calls = Collections.synchronizedList(new ArrayList<>());
    final Map<Integer, Process> processes = new HashMap<>();
    /** Open process handles of this (broker) process: handle value to pid. */
    final Map<Long, Integer> openProcessHandles = new HashMap<>();
    final Map<Long, Pipe> pipes = new HashMap<>();
    final Map<String, Pipe> pipesByPath = new HashMap<>();
    int failDuplicateWith = 0;
    int failServerPidWith = 0;
    private long nextHandle = 0x100;

    FakeKernel32() {
        processes.put(BROKER_PID, new Process(BROKER_PID));
    }

    Process broker() {
        return processes.get(BROKER_PID);
    }

    Process addProcess(int pid) {
        Process p = new Process(pid);
        processes.put(pid, p);
        return p;
    }

    /** A handle in the broker's table (e.g. the client pipe). */
    synchronized long brokerHandle() {
        long h = allocate();
        broker().handles.add(h);
        return h;
    }

    synchronized Pipe listen(String path, int serverPid) {
        Pipe pipe = new Pipe(serverPid);
        pipesByPath.put(path, pipe);
        return pipe;
    }

    private long allocate() {
        long h = nextHandle;
        nextHandle += 4;
        return h;
    }

    @Override
    public long currentProcess() {
        return CURRENT_PROCESS;
    }

    @Override
    public synchronized long openProcess(int access, int pid) throws Win32CallException {
        calls.add("OpenProcess(0x" + Integer.toHexString(access) + ", " + pid + ")");
        Process p = processes.get(pid);
        if (p == null) {
            throw new Win32CallException("OpenProcess", Win32CallException.ERROR_INVALID_PARAMETER);
        }
        if ((p.denyOpenWith & access) != 0) {
            throw new Win32CallException("OpenProcess", Win32CallException.ERROR_ACCESS_DENIED);
        }
        long h = allocate();
        broker().handles.add(h);
        openProcessHandles.put(h, pid);
        return h;
    }

    @Override
    public synchronized long duplicateHandle(
            long sourceProcess, long sourceHandle, long targetProcess, int access, boolean inherit, int options)
            throws Win32CallException {
        calls.add("DuplicateHandle(" + sourceProcess + ", 0x" + Long.toHexString(sourceHandle) + ", 0x"
                + Long.toHexString(targetProcess) + ", " + access + ", " + inherit + ", " + options + ")");
        if (failDuplicateWith != 0) {
            throw new Win32CallException("DuplicateHandle", failDuplicateWith);
        }
        if (sourceProcess != CURRENT_PROCESS || !broker().handles.contains(sourceHandle)
                || !openProcessHandles.containsKey(targetProcess)) {
            throw new Win32CallException("DuplicateHandle", Win32CallException.ERROR_INVALID_HANDLE);
        }
        long h = allocate();
        processes.get(openProcessHandles.get(targetProcess)).handles.add(h);
        return h;
    }

    @Override
    public synchronized void closeHandle(long handle) throws Win32CallException {
        calls.add("CloseHandle(0x" + Long.toHexString(handle) + ")");
        if (!broker().handles.remove(handle)) {
            throw new Win32CallException("CloseHandle", Win32CallException.ERROR_INVALID_HANDLE);
        }
        openProcessHandles.remove(handle);
        Pipe pipe = pipes.remove(handle);
        if (pipe != null) {
            synchronized (pipe) {
                pipe.brokerEndClosed = true;
                pipe.notifyAll();
            }
        }
    }

    @Override
    public synchronized int namedPipeServerProcessId(long pipe) throws Win32CallException {
        calls.add("GetNamedPipeServerProcessId(0x" + Long.toHexString(pipe) + ")");
        if (failServerPidWith != 0) {
            throw new Win32CallException("GetNamedPipeServerProcessId", failServerPidWith);
        }
        return pipe(pipe).serverPid;
    }

    @Override
    public synchronized long openPipe(String path) throws Win32CallException {
        calls.add("CreateFile(" + path + ")");
        Pipe pipe = pipesByPath.get(path);
        if (pipe == null) {
            throw new Win32CallException("CreateFile", 2);
        }
        long h = allocate();
        broker().handles.add(h);
        pipes.put(h, pipe);
        return h;
    }

    @Override
    public int readFile(long handle, byte[] buf, int off, int len) throws Win32CallException {
        Pipe pipe = pipeOf(handle);
        synchronized (pipe) {
            while (pipe.toBroker.isEmpty()) {
                if (pipe.farEndClosed) {
                    throw new Win32CallException("ReadFile", Win32CallException.ERROR_BROKEN_PIPE);
                }
                waitBroker(pipe);
            }
            int n = 0;
            while (n < len && !pipe.toBroker.isEmpty()) {
                buf[off + n++] = pipe.toBroker.removeFirst();
            }
            return n;
        }
    }

    @Override
    public int writeFile(long handle, byte[] buf, int off, int len) throws Win32CallException {
        Pipe pipe = pipeOf(handle);
        synchronized (pipe) {
            if (pipe.failWritesWith != 0) {
                throw new Win32CallException("WriteFile", pipe.failWritesWith);
            }
            if (pipe.farEndClosed) {
                throw new Win32CallException("WriteFile", 232); // ERROR_NO_DATA: the pipe is being closed
            }
            int n = Math.min(len, pipe.maxWriteChunk);
            for (int i = 0; i < n; i++) {
                pipe.fromBroker.addLast(buf[off + i]);
            }
            pipe.notifyAll();
            return n;
        }
    }

    @Override
    public int peekNamedPipe(long handle) throws Win32CallException {
        Pipe pipe = pipeOf(handle);
        synchronized (pipe) {
            if (pipe.toBroker.isEmpty() && pipe.farEndClosed) {
                throw new Win32CallException("PeekNamedPipe", Win32CallException.ERROR_BROKEN_PIPE);
            }
            return pipe.toBroker.size();
        }
    }

    private synchronized Pipe pipeOf(long handle) throws Win32CallException {
        return pipe(handle);
    }

    private Pipe pipe(long handle) throws Win32CallException {
        Pipe pipe = pipes.get(handle);
        if (pipe == null) {
            throw new Win32CallException("pipe call", Win32CallException.ERROR_INVALID_HANDLE);
        }
        return pipe;
    }

    private static void waitFar(Object monitor) throws java.io.InterruptedIOException {
        try {
            monitor.wait();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new java.io.InterruptedIOException("interrupted");
        }
    }

    private static void waitBroker(Pipe pipe) throws Win32CallException {
        try {
            pipe.wait();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Win32CallException("ReadFile", 995); // ERROR_OPERATION_ABORTED
        }
    }
}
