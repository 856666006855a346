package io.handoffkit.transport.windows;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.jna.Pointer;
import com.sun.jna.platform.win32.Kernel32;
import com.sun.jna.platform.win32.WinBase;
import com.sun.jna.platform.win32.WinNT;
import io.handoffkit.ack.AckRegistry;
import io.handoffkit.broker.DuplicateResult;
import io.handoffkit.broker.FallbackPolicy;
import io.handoffkit.broker.HandoffOutcome;
import io.handoffkit.broker.HandoffRequest;
import io.handoffkit.broker.WindowsHandoffOrchestrator;
import io.handoffkit.time.Clock;
import io.handoffkit.token.TokenStore;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

/**
 * The Windows path against the real kernel32 (JNA). Runs on the windows leg of
 * {@code ci/workflows/transport.yml}; skipped elsewhere, except the check that the JNA binding
 * refuses to load off Windows (which also proves the package loads on Linux and macOS).
 * The backend here is this very process: its pid is the one duplicated into.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class Kernel32OnWindowsTest {

    @Test
    @DisabledOnOs(OS.WINDOWS)
    @DisplayName("ORCH-1 off Windows the JNA kernel32 binding is refused, not loaded")
    void refusedOffWindows() {
        assertThrows(UnsupportedOperationException.class, Kernel32Calls::jna);
    }

    @Test
    @EnabledOnOs(OS.WINDOWS)
    @DisplayName("ORCH-1 DuplicateHandle into a real process gives a new, valid handle value there")
    void duplicatesIntoARealProcess() throws Exception {
        Kernel32Calls kernel32 = Kernel32Calls.jna();
        WinNT.HANDLE event = Kernel32.INSTANCE.CreateEvent(null, true, false, null);
        long source = Pointer.nativeValue(event.getPointer());
        try {
            DuplicateResult result = new HandleDuplicator(kernel32).duplicate(source, ProcessHandle.current().pid());

            long value = assertInstanceOf(DuplicateResult.Duplicated.class, result).handleValue();
            assertNotEquals(source, value);
            assertDoesNotThrow(() -> kernel32.closeHandle(value), "the duplicate is a valid handle of the target process");
        } finally {
            Kernel32.INSTANCE.CloseHandle(event);
        }
    }

    @Test
    @EnabledOnOs(OS.WINDOWS)
    @DisplayName("ORCH-2 DuplicateHandle into a process that does not exist fails without a handle")
    void noSuchProcess() {
        Kernel32Calls kernel32 = Kernel32Calls.jna();
        WinNT.HANDLE event = Kernel32.INSTANCE.CreateEvent(null, true, false, null);
        try {
            // Windows pids are multiples of 4 and far below this one
            DuplicateResult result = new HandleDuplicator(kernel32)
                    .duplicate(Pointer.nativeValue(event.getPointer()), 0xFFFF_FFF0L);

            assertInstanceOf(DuplicateResult.Failed.class, result);
        } finally {
            Kernel32.INSTANCE.CloseHandle(event);
        }
    }

    @Test
    @EnabledOnOs(OS.WINDOWS)
    @DisplayName("ORCH-1 a full handoff over a real named pipe: verified server pid, duplicated handle, offer, ACK")
    void fullHandoffOverANamedPipe() throws Exception {
        Kernel32Calls kernel32 = Kernel32Calls.jna();
        String path = "\\\\.\\pipe\\handoff-kit-test-" + ProcessHandle.current().pid() + "-" + System.nanoTime();
        WinNT.HANDLE server = Kernel32.INSTANCE.CreateNamedPipe(path, WinBase.PIPE_ACCESS_DUPLEX,
                WinBase.PIPE_TYPE_BYTE | WinBase.PIPE_READMODE_BYTE | WinBase.PIPE_WAIT, 1, 4096, 4096, 0, null);
        assertFalse(WinBase.INVALID_HANDLE_VALUE.equals(server), "CreateNamedPipe");
        WinNT.HANDLE clientEvent = Kernel32.INSTANCE.CreateEvent(null, true, false, null);
        try (Win32Pipe serverEnd = Win32Pipe.adopt(kernel32, Pointer.nativeValue(server.getPointer()))) {
            CompletableFuture<TestBackend.Served> served = CompletableFuture.supplyAsync(() -> {
                // connecting after the client did reports ERROR_PIPE_CONNECTED: connected all the same
                Kernel32.INSTANCE.ConnectNamedPipe(server, null);
                return serverEnd;
            }).thenCompose(end -> TestBackend.serveOne(end.input(), end.output(), presented -> presented));
            Win32Pipe handoff = openWhenListening(kernel32, path);
            try (handoff) {
                TokenStore tokens = new TokenStore();
                WindowsHandoffOrchestrator orchestrator = new WindowsHandoffOrchestrator(tokens,
                        new AckRegistry(tokens, Duration.ofSeconds(5)), new FallbackPolicy(), Clock.system());
                long clientPipe = Pointer.nativeValue(clientEvent.getPointer());

                HandoffOutcome outcome = orchestrator.handOff(
                        new HandoffRequest("svc", ProcessHandle.current().pid(), 5, true),
                        DuplicateHandleTransport.overPipe(kernel32, clientPipe, handoff, Clock.system()));

                assertInstanceOf(HandoffOutcome.Completed.class, outcome, outcome.toString());
                TestBackend.Served seen = served.get(10, TimeUnit.SECONDS);
                long value = seen.offer().getHandleValue();
                assertAll(
                        () -> assertTrue(seen.ack().getAccepted()),
                        () -> assertNotEquals(0L, value),
                        () -> assertDoesNotThrow(() -> kernel32.closeHandle(value), "handle_value is valid in the backend"),
                        () -> assertEquals(0, tokens.pendingCount()));
            }
        } finally {
            Kernel32.INSTANCE.CloseHandle(clientEvent);
        }
    }

    private static Win32Pipe openWhenListening(Kernel32Calls kernel32, String path) throws Exception {
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (true) {
            try {
                return Win32Pipe.open(kernel32, path);
            } catch (java.io.IOException e) {
                if (System.nanoTime() > until) {
                    throw e;
                }
                Thread.sleep(10);
            }
        }
    }
}
