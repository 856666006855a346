package io.handoffkit.transport.windows;

import com.sun.jna.Native;
import com.sun.jna.Platform;
import com.sun.jna.Pointer;
import com.sun.jna.platform.win32.Kernel32;
import com.sun.jna.platform.win32.WinBase;
import com.sun.jna.platform.win32.WinDef;
import com.sun.jna.platform.win32.WinNT;
import com.sun.jna.ptr.IntByReference;
import java.util.Arrays;

/**
 * {@link Kernel32Calls} through jna-platform's {@link Kernel32}. Compiles everywhere; the
 * native library is bound only when an instance is created, which is refused off Windows.
 */
final class JnaKernel32Calls implements Kernel32Calls {

    private final Kernel32 kernel32;

    JnaKernel32Calls() {
        if (!Platform.isWindows()) {
            throw new UnsupportedOperationException("kernel32 exists on Windows only (this is " + System.getProperty("os.name") + ")");
        }
        this.kernel32 = Kernel32.INSTANCE;
    }

    @Override
    public long currentProcess() {
        return value(kernel32.GetCurrentProcess());
    }

    @Override
    public long openProcess(int access, int pid) throws Win32CallException {
        WinNT.HANDLE process = kernel32.OpenProcess(access, false, pid);
        if (process == null) {
            throw failed("OpenProcess");
        }
        return value(process);
    }

    @Override
    public long duplicateHandle(long sourceProcess, long sourceHandle, long targetProcess, int access, boolean inherit, int options)
            throws Win32CallException {
        WinNT.HANDLEByReference target = new WinNT.HANDLEByReference();
        if (!kernel32.DuplicateHandle(handle(sourceProcess), handle(sourceHandle), handle(targetProcess),
                target, access, inherit, options)) {
            throw failed("DuplicateHandle");
        }
        return value(target.getValue());
    }

    @Override
    public void closeHandle(long handle) throws Win32CallException {
        if (!kernel32.CloseHandle(handle(handle))) {
            throw failed("CloseHandle");
        }
    }

    @Override
    public int namedPipeServerProcessId(long pipe) throws Win32CallException {
        WinDef.ULONGByReference pid = new WinDef.ULONGByReference();
        if (!kernel32.GetNamedPipeServerProcessId(handle(pipe), pid)) {
            throw failed("GetNamedPipeServerProcessId");
        }
        return pid.getValue().intValue();
    }

    @Override
    public long openPipe(String path) throws Win32CallException {
        WinNT.HANDLE pipe = kernel32.CreateFile(path, WinNT.GENERIC_READ | WinNT.GENERIC_WRITE, 0, null,
                WinNT.OPEN_EXISTING, 0, null);
        if (pipe == null || WinBase.INVALID_HANDLE_VALUE.equals(pipe)) {
            throw failed("CreateFile");
        }
        return value(pipe);
    }

    @Override
    public int readFile(long handle, byte[] buf, int off, int len) throws Win32CallException {
        byte[] target = off == 0 ? buf : new byte[len];
        IntByReference read = new IntByReference();
        if (!kernel32.ReadFile(handle(handle), target, len, read, null)) {
            throw failed("ReadFile");
        }
        if (target != buf) {
            System.arraycopy(target, 0, buf, off, read.getValue());
        }
        return read.getValue();
    }

    @Override
    public int writeFile(long handle, byte[] buf, int off, int len) throws Win32CallException {
        byte[] source = off == 0 ? buf : Arrays.copyOfRange(buf, off, off + len);
        IntByReference written = new IntByReference();
        if (!kernel32.WriteFile(handle(handle), source, len, written, null)) {
            throw failed("WriteFile");
        }
        return written.getValue();
    }

    @Override
    public int peekNamedPipe(long handle) throws Win32CallException {
        IntByReference available = new IntByReference();
        if (!kernel32.PeekNamedPipe(handle(handle), null, 0, null, available, null)) {
            throw failed("PeekNamedPipe");
        }
        return available.getValue();
    }

    private static Win32CallException failed(String function) {
        // JNA captures the thread's last error right after each native call; a later GetLastError() may see another call's
        return new Win32CallException(function, Native.getLastError());
    }

    private static WinNT.HANDLE handle(long value) {
        return new WinNT.HANDLE(new Pointer(value));
    }

    private static long value(WinNT.HANDLE handle) {
        return Pointer.nativeValue(handle.getPointer());
    }
}
