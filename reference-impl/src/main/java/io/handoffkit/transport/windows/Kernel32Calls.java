package io.handoffkit.transport.windows;

/**
 * The few kernel32 calls the Windows handoff needs, with handles as plain {@code long}
 * values. The production implementation ({@link #jna()}) calls Windows through JNA; tests
 * inject a fake, so the duplication and pipe logic is checked on every OS.
 * Every failing call throws {@link Win32CallException} with {@code GetLastError()}.
 */
public interface Kernel32Calls {

    /** {@code PROCESS_DUP_HANDLE}: the only right the broker asks for on the backend process. */
    int PROCESS_DUP_HANDLE = 0x0040;
    /** {@code DUPLICATE_SAME_ACCESS}: the duplicate gets the source handle's access rights. */
    int DUPLICATE_SAME_ACCESS = 0x0002;

    /** {@code GetCurrentProcess()}: the pseudo-handle of this process (never closed). */
    long currentProcess();

    /** {@code OpenProcess(access, FALSE, pid)}. */
    long openProcess(int access, int pid) throws Win32CallException;

    /**
     * {@code DuplicateHandle(sourceProcess, sourceHandle, targetProcess, &out, access, inherit, options)}:
     * returns the value of the new handle, valid in {@code targetProcess}'s handle table only.
     */
    long duplicateHandle(long sourceProcess, long sourceHandle, long targetProcess, int access, boolean inherit, int options)
            throws Win32CallException;

    /** {@code CloseHandle(handle)}. */
    void closeHandle(long handle) throws Win32CallException;

    /** {@code GetNamedPipeServerProcessId(pipe)}: who serves the pipe this process connected to. */
    int namedPipeServerProcessId(long pipe) throws Win32CallException;

    /** {@code CreateFile(path, GENERIC_READ | GENERIC_WRITE, 0, NULL, OPEN_EXISTING, 0, NULL)} on a named pipe. */
    long openPipe(String path) throws Win32CallException;

    /** {@code ReadFile} of at most {@code len} bytes into {@code buf[off..]}; blocks until at least one byte. */
    int readFile(long handle, byte[] buf, int off, int len) throws Win32CallException;

    /** {@code WriteFile} of at most {@code len} bytes from {@code buf[off..]}; returns how many were written. */
    int writeFile(long handle, byte[] buf, int off, int len) throws Win32CallException;

    /** {@code PeekNamedPipe(handle, NULL, 0, NULL, &available, NULL)}: bytes readable without blocking. */
    int peekNamedPipe(long handle) throws Win32CallException;

    /** The real kernel32, through JNA. Only usable on Windows. */
    static Kernel32Calls jna() {
        return new JnaKernel32Calls();
    }
}
