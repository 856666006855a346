package io.handoffkit.transport.windows;

import io.handoffkit.broker.DuplicateResult;
import java.util.Objects;

/**
 * The DUPLICATE stage on Windows (SPEC ORCH-1, brief §1 step 3): open the verified backend
 * process with {@code PROCESS_DUP_HANDLE} only, duplicate the client pipe handle into it with
 * {@code DUPLICATE_SAME_ACCESS}, and close the process handle again whatever happened. The
 * duplicate's value is meaningful only in the backend's handle table; it travels in the offer's
 * {@code handle_value}. Access denied (on either call) is reported as such, so the broker
 * records a PERMISSION_DENIED fallback (ORCH-2).
 */
public final class HandleDuplicator {

    private final Kernel32Calls kernel32;

    public HandleDuplicator(Kernel32Calls kernel32) {
        this.kernel32 = Objects.requireNonNull(kernel32, "kernel32");
    }

    /** Duplicate {@code clientPipe} (a handle of this process) into process {@code backendPid}. Never throws a checked exception. */
    public DuplicateResult duplicate(long clientPipe, long backendPid) {
        if (backendPid <= 0 || backendPid > 0xFFFF_FFFFL) {
            // 0 is the idle process, and a DWORD cannot hold anything else: never ask Windows
            return new DuplicateResult.Failed("backend pid " + backendPid + " is not a Windows process id", false);
        }
        long process;
        try {
            process = kernel32.openProcess(Kernel32Calls.PROCESS_DUP_HANDLE, (int) backendPid);
        } catch (Win32CallException e) {
            return failed("opening backend process " + backendPid + " with PROCESS_DUP_HANDLE", e);
        }
        try {
            long duplicate = kernel32.duplicateHandle(kernel32.currentProcess(), clientPipe, process,
                    0, false, Kernel32Calls.DUPLICATE_SAME_ACCESS);
            return new DuplicateResult.Duplicated(duplicate);
        } catch (Win32CallException e) {
            return failed("duplicating the client pipe into backend process " + backendPid, e);
        } finally {
            closeProcess(process);
        }
    }

    private void closeProcess(long process) {
        try {
            kernel32.closeHandle(process);
        } catch (Win32CallException e) {
            // the process handle is ours and already useless; a failed close changes nothing the handoff depends on
        }
    }

    private static DuplicateResult.Failed failed(String what, Win32CallException e) {
        return new DuplicateResult.Failed(what + ": " + e.getMessage(), e.accessDenied());
    }
}
