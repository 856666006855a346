package io.handoffkit.transport.windows;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The handoff pipe as a stream pair over raw handles (FRAME-6, FRAME-7, FRAME-10 on this transport). */
@Timeout(value = 10, unit = TimeUnit.SECONDS)
class Win32PipeTest {

    private static final String PATH = "\\\\.\\pipe\\p";

    private final FakeKernel32 kernel32 = new FakeKernel32();
    private final FakeKernel32.Pipe far = kernel32.listen(PATH, 77);

    @Test
    @DisplayName("FRAME-10 partial WriteFile results are continued until the whole frame is written")
    void partialWrites() throws IOException {
        far.maxWriteChunk = 3;
        try (Win32Pipe pipe = Win32Pipe.open(kernel32, PATH)) {
            byte[] frame = {1, 5, 0, 0, 0, 8, 1, 16, 1, 0};
            pipe.output().write(frame);
            pipe.output().flush();

            byte[] got = new byte[frame.length];
            assertEquals(frame.length, far.farIn().readNBytes(got, 0, got.length));
            assertArrayEquals(frame, got);
        }
    }

    @Test
    @DisplayName("FRAME-6 a pipe whose server went away reads as end of stream and polls as -1")
    void brokenPipeIsEof() throws IOException {
        try (Win32Pipe pipe = Win32Pipe.open(kernel32, PATH)) {
            far.farOut().write(42);
            far.closeFarEnd();

            assertEquals(1, pipe.readiness().poll());
            assertEquals(42, pipe.input().read());
            assertEquals(-1, pipe.readiness().poll());
            assertEquals(-1, pipe.input().read());
            assertEquals(0, pipe.input().available());
        }
    }

    @Test
    @DisplayName("FRAME-7 any other failed WriteFile is an IOException naming the Win32 error")
    void writeFailure() throws IOException {
        far.failWritesWith = Win32CallException.ERROR_INVALID_HANDLE;
        try (Win32Pipe pipe = Win32Pipe.open(kernel32, PATH)) {
            IOException e = assertThrows(IOException.class, () -> pipe.output().write(new byte[] {1}));
            assertEquals("WriteFile failed: Win32 error 6 (invalid handle)", e.getMessage());
        }
    }

    @Test
    @DisplayName("the handle is closed exactly once, and a closed pipe is never passed to kernel32 again")
    void closesOnce() throws IOException {
        Win32Pipe pipe = Win32Pipe.open(kernel32, PATH);
        pipe.close();
        pipe.close();
        int callsAfterClose = kernel32.calls.size();

        assertThrows(IOException.class, () -> pipe.input().read());
        assertThrows(IOException.class, () -> pipe.output().write(1));
        assertThrows(IOException.class, pipe::serverProcessId);
        assertEquals(callsAfterClose, kernel32.calls.size());
        assertEquals(1, kernel32.calls.stream().filter(c -> c.startsWith("CloseHandle")).count());
        assertTrue(far.brokerEndClosed);
    }

    @Test
    @DisplayName("opening a pipe nobody serves is an IOException, and the server's pid is reported for verification")
    void openAndServerPid() throws IOException {
        IOException e = assertThrows(IOException.class, () -> Win32Pipe.open(kernel32, "\\\\.\\pipe\\nobody"));
        assertTrue(e.getMessage().contains("CreateFile failed: Win32 error 2"), e.getMessage());
        try (Win32Pipe pipe = Win32Pipe.open(kernel32, PATH)) {
            assertEquals(77, pipe.serverProcessId());
        }
    }
}
