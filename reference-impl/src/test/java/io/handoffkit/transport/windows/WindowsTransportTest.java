package io.handoffkit.transport.windows;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.handoffkit.ack.AckRegistry;
import io.handoffkit.broker.DuplicateResult;
import io.handoffkit.broker.Fallback;
import io.handoffkit.broker.FallbackPolicy;
import io.handoffkit.broker.FallbackReason;
import io.handoffkit.broker.HandoffOutcome;
import io.handoffkit.broker.HandoffRequest;
import io.handoffkit.broker.HandoffStage;
import io.handoffkit.broker.Unrecoverable;
import io.handoffkit.broker.WindowsHandoffOrchestrator;
import io.handoffkit.proto.v1.FrameKind;
import io.handoffkit.time.Clock;
import io.handoffkit.token.Token;
import io.handoffkit.token.TokenStore;
import io.handoffkit.wire.HandoffFrames;
import io.handoffkit.wire.ReasonCode;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * SPEC §10 on Windows (ORCH-1, ORCH-2, ORCH-3) and ACK-7 over a pipe: the real transport
 * ({@link DuplicateHandleTransport}, {@link Win32Pipe}, {@link StreamBackendChannel}) under the
 * real orchestrator, with kernel32 replaced by {@link FakeKernel32}. Runs on every OS.
 */
@Timeout(value = 20, unit = TimeUnit.SECONDS)
class WindowsTransportTest {

    private static final String PIPE = "\\\\.\\pipe\\svc-handoff";
    private static final String SERVICE = "svc";
    private static final int BACKEND_PID = 4242;
    private static final long CORRELATION_ID = 77;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final FakeKernel32 kernel32 = new FakeKernel32();
    private final FakeKernel32.Process backend = kernel32.addProcess(BACKEND_PID);
    private final long clientPipe = kernel32.brokerHandle();
    private final TokenStore tokens = new TokenStore();
    private final Clock clock = Clock.system();

    private HandoffRequest request() {
        return new HandoffRequest(SERVICE, BACKEND_PID, CORRELATION_ID, true);
    }

    private WindowsHandoffOrchestrator orchestrator(Duration ackDeadline) {
        return new WindowsHandoffOrchestrator(tokens, new AckRegistry(tokens, ackDeadline), new FallbackPolicy(), clock);
    }

    private static Fallback fellBack(HandoffOutcome outcome) {
        return assertInstanceOf(HandoffOutcome.FellBack.class, outcome).fallback();
    }

    private void assertNothingPending() {
        assertEquals(0, tokens.pendingCount(), "ORCH-3 pending tokens");
    }

    /** The broker connects to the handoff pipe the test made listen at PIPE. */
    private Win32Pipe connect() throws Exception {
        return Win32Pipe.open(kernel32, PIPE);
    }

    @Nested
    @DisplayName("ORCH-1 stages DUPLICATE, DELIVER, AWAIT_ACK, ACKNOWLEDGE")
    class Stages {

        @Test
        @DisplayName("ORCH-1 DUPLICATE opens the backend with PROCESS_DUP_HANDLE only, duplicates with DUPLICATE_SAME_ACCESS, closes the process handle")
        void duplicateCalls() {
            HandleDuplicator duplicator = new HandleDuplicator(kernel32);

            DuplicateResult result = duplicator.duplicate(clientPipe, BACKEND_PID);

            long value = assertInstanceOf(DuplicateResult.Duplicated.class, result).handleValue();
            long process = 0x100 + 4; // the fake's next handle after the client pipe
            assertEquals(List.of(
                    "OpenProcess(0x40, 4242)",
                    "DuplicateHandle(-1, 0x" + Long.toHexString(clientPipe) + ", 0x" + Long.toHexString(process) + ", 0, false, 2)",
                    "CloseHandle(0x" + Long.toHexString(process) + ")"), kernel32.calls);
            assertTrue(backend.handles.contains(value), "the duplicate lives in the backend's handle table");
            assertFalse(kernel32.broker().handles.contains(value), "and not in the broker's");
            assertTrue(kernel32.openProcessHandles.isEmpty(), "no process handle left open in the broker");
            assertTrue(kernel32.broker().handles.contains(clientPipe), "the broker keeps its own client pipe handle");
        }

        @Test
        @DisplayName("ORCH-1 the offer carries the duplicated handle value; DELIVER and AWAIT_ACK run over the handoff pipe and complete")
        void completesOverThePipe() throws Exception {
            FakeKernel32.Pipe pipe = kernel32.listen(PIPE, BACKEND_PID);
            try (Win32Pipe handoff = connect()) {
                var served = TestBackend.serveOne(pipe.farIn(), pipe.farOut(), presented -> presented);

                HandoffOutcome outcome = orchestrator(Duration.ofSeconds(5))
                        .handOff(request(), DuplicateHandleTransport.overPipe(kernel32, clientPipe, handoff, clock));

                HandoffOutcome.Completed completed = assertInstanceOf(HandoffOutcome.Completed.class, outcome);
                TestBackend.Served seen = served.get(5, TimeUnit.SECONDS);
                long value = seen.offer().getHandleValue();
                assertAll(
                        () -> assertTrue(backend.handles.contains(value),
                                "handle_value names the duplicate in the backend's table"),
                        () -> assertEquals(SERVICE, seen.offer().getServiceName()),
                        () -> assertEquals(CORRELATION_ID, seen.offer().getCorrelationId()),
                        () -> assertTrue(seen.ack().getAccepted()),
                        () -> assertEquals(FrameKind.FRAME_KIND_EVENT, completed.readyRelay().getKind()),
                        () -> assertEquals(HandoffFrames.readyFor(seen.ack().getToken(), CORRELATION_ID), completed.readyRelay(), "FRAMES-3"),
                        () -> assertEquals("GetNamedPipeServerProcessId(0x" + Long.toHexString(handoff.handle()) + ")",
                                kernel32.calls.get(1), "verified before anything is duplicated"),
                        () -> assertEquals("OpenProcess(0x40, 4242)", kernel32.calls.get(2)));
                assertNothingPending();
            }
        }

        @Test
        @DisplayName("ORCH-1 verification: a handoff pipe served by another process is never duplicated into")
        void unverifiedBackend() throws Exception {
            kernel32.addProcess(666);
            FakeKernel32.Pipe pipe = kernel32.listen(PIPE, 666);
            try (Win32Pipe handoff = connect()) {
                Fallback fallback = fellBack(orchestrator(Duration.ofSeconds(5))
                        .handOff(request(), DuplicateHandleTransport.overPipe(kernel32, clientPipe, handoff, clock)));

                assertEquals(HandoffStage.DUPLICATE, fallback.stage());
                assertEquals(FallbackReason.DUPLICATE_FAILED, fallback.reason());
                assertEquals("the handoff pipe is served by process 666, not by the backend 4242", fallback.detail());
                assertEquals(new Unrecoverable.Nothing(), fallback.unrecoverable());
                assertTrue(kernel32.calls.stream().noneMatch(c -> c.startsWith("OpenProcess")), kernel32.calls.toString());
                assertTrue(pipe.fromBroker.isEmpty(), "no offer was written");
                assertNothingPending();
            }
        }
    }

    @Nested
    @DisplayName("ORCH-2 a fallback records what happened and what leaked")
    class Fallbacks {

        private HandoffOutcome handOffDirect(Duration ackDeadline) throws Exception {
            FakeKernel32.Pipe pipe = kernel32.listen(PIPE, BACKEND_PID);
            Win32Pipe handoff = connect();
            return orchestrator(ackDeadline).handOff(request(), DuplicateHandleTransport.overPipe(kernel32, clientPipe, handoff, clock));
        }

        @Test
        @DisplayName("ORCH-2 access denied by OpenProcess falls back at DUPLICATE with PERMISSION_DENIED, nothing leaked")
        void openProcessDenied() throws Exception {
            backend.denyOpenWith = Kernel32Calls.PROCESS_DUP_HANDLE;

            Fallback fallback = fellBack(handOffDirect(Duration.ofSeconds(5)));

            assertEquals(HandoffStage.DUPLICATE, fallback.stage());
            assertEquals(FallbackReason.PERMISSION_DENIED, fallback.reason());
            assertEquals("opening backend process 4242 with PROCESS_DUP_HANDLE: OpenProcess failed: Win32 error 5 (access denied)",
                    fallback.detail());
            assertEquals(new Unrecoverable.Nothing(), fallback.unrecoverable());
            assertTrue(backend.handles.isEmpty());
            assertNothingPending();
        }

        @Test
        @DisplayName("ORCH-2 access denied by DuplicateHandle is PERMISSION_DENIED and the process handle is still closed")
        void duplicateDenied() {
            kernel32.failDuplicateWith = Win32CallException.ERROR_ACCESS_DENIED;

            DuplicateResult result = new HandleDuplicator(kernel32).duplicate(clientPipe, BACKEND_PID);

            DuplicateResult.Failed failed = assertInstanceOf(DuplicateResult.Failed.class, result);
            assertTrue(failed.permissionDenied());
            assertTrue(failed.detail().startsWith("duplicating the client pipe into backend process 4242: DuplicateHandle failed: Win32 error 5"),
                    failed.detail());
            assertTrue(kernel32.openProcessHandles.isEmpty(), "process handle closed on failure too");
            assertTrue(kernel32.calls.get(kernel32.calls.size() - 1).startsWith("CloseHandle("));
        }

        @Test
        @DisplayName("ORCH-2 a backend process that does not exist is DUPLICATE_FAILED, not a permission problem")
        void noSuchProcess() throws Exception {
            kernel32.processes.remove(BACKEND_PID);

            Fallback fallback = fellBack(orchestrator(Duration.ofSeconds(5)).handOff(request(),
                    new DuplicateHandleTransport(new HandleDuplicator(kernel32), clientPipe,
                            DuplicateHandleTransport.BackendVerification.alreadyVerified(),
                            new StreamBackendChannel(java.io.InputStream.nullInputStream(),
                                    java.io.OutputStream.nullOutputStream(), clock,
                                    ReadBound.polling(() -> -1, clock)))));

            assertEquals(FallbackReason.DUPLICATE_FAILED, fallback.reason());
            assertTrue(fallback.detail().endsWith("Win32 error 87 (invalid parameter)"), fallback.detail());
            assertEquals(new Unrecoverable.Nothing(), fallback.unrecoverable());
            assertNothingPending();
        }

        @Test
        @DisplayName("ORCH-2 a pid no DWORD can hold (or 0) is refused without asking Windows")
        void invalidPid() {
            HandleDuplicator duplicator = new HandleDuplicator(kernel32);
            for (long pid : new long[] {0, -1, 0x1_0000_0000L}) {
                DuplicateResult.Failed failed = assertInstanceOf(DuplicateResult.Failed.class, duplicator.duplicate(clientPipe, pid));
                assertFalse(failed.permissionDenied());
            }
            assertEquals(List.of(), kernel32.calls);
        }

        @Test
        @DisplayName("ORCH-2 a refused ACK after duplication records the handle leaked in the backend")
        void refusedAckLeaksHandle() throws Exception {
            FakeKernel32.Pipe pipe = kernel32.listen(PIPE, BACKEND_PID);
            try (Win32Pipe handoff = connect()) {
                Token other = Token.random(RANDOM);
                var served = TestBackend.serveOne(pipe.farIn(), pipe.farOut(), presented -> other);

                Fallback fallback = fellBack(orchestrator(Duration.ofSeconds(5))
                        .handOff(request(), DuplicateHandleTransport.overPipe(kernel32, clientPipe, handoff, clock)));

                long value = served.get(5, TimeUnit.SECONDS).offer().getHandleValue();
                assertEquals(HandoffStage.AWAIT_ACK, fallback.stage());
                assertEquals(FallbackReason.ACK_NOT_OBSERVED, fallback.reason());
                assertEquals(ReasonCode.REFUSED, fallback.rejection().orElseThrow().reason());
                assertEquals("backend refused the handoff: handoff token mismatch", fallback.detail());
                assertEquals(new Unrecoverable.HandleLeakedInBackend(value), fallback.unrecoverable());
                assertTrue(backend.handles.contains(value), "the broker cannot close it: it lives in the backend");
                assertNothingPending();
            }
        }

        @Test
        @DisplayName("ORCH-2 a handoff pipe that breaks before the offer falls back at DELIVER with the handle leaked")
        void deliveryFails() throws Exception {
            FakeKernel32.Pipe pipe = kernel32.listen(PIPE, BACKEND_PID);
            try (Win32Pipe handoff = connect()) {
                pipe.closeFarEnd();

                Fallback fallback = fellBack(orchestrator(Duration.ofSeconds(5))
                        .handOff(request(), DuplicateHandleTransport.overPipe(kernel32, clientPipe, handoff, clock)));

                assertEquals(HandoffStage.DELIVER, fallback.stage());
                assertEquals(FallbackReason.DELIVERY_FAILED, fallback.reason());
                assertTrue(fallback.detail().contains("WriteFile failed: Win32 error 232"), fallback.detail());
                long leaked = assertInstanceOf(Unrecoverable.HandleLeakedInBackend.class, fallback.unrecoverable()).handleValue();
                assertTrue(backend.handles.contains(leaked));
                assertNothingPending();
            }
        }

        @Test
        @DisplayName("ORCH-2 ACK-7 a silent backend is abandoned within deadline + 50 ms as BACKEND_ACK_TIMEOUT, handle leaked")
        void silentBackend() throws Exception {
            long started = System.nanoTime();

            Fallback fallback = fellBack(handOffDirect(Duration.ofMillis(150)));

            long tookMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
            assertEquals(HandoffStage.AWAIT_ACK, fallback.stage());
            assertEquals(FallbackReason.BACKEND_ACK_TIMEOUT, fallback.reason());
            assertEquals(ReasonCode.IO, fallback.rejection().orElseThrow().reason());
            assertInstanceOf(Unrecoverable.HandleLeakedInBackend.class, fallback.unrecoverable());
            assertTrue(tookMillis >= 140 && tookMillis <= 200, "took " + tookMillis + " ms for a 150 ms deadline");
            assertNothingPending();
        }

        @Test
        @DisplayName("ORCH-2 a backend that closes the pipe mid-ACK is a truncation seen at once, not a wait for the deadline")
        void backendClosesMidAck() throws Exception {
            FakeKernel32.Pipe pipe = kernel32.listen(PIPE, BACKEND_PID);
            try (Win32Pipe handoff = connect()) {
                var far = pipe.farOut();
                Thread backendThread = new Thread(() -> {
                    try {
                        io.handoffkit.backend.OfferReader.read(pipe.farIn());
                        far.write(new byte[] {1, 40, 0, 0, 0, 8}); // a header promising 40 bytes, then one, then gone
                        far.close();
                    } catch (java.io.IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                });
                backendThread.start();
                long started = System.nanoTime();

                Fallback fallback = fellBack(orchestrator(Duration.ofSeconds(5))
                        .handOff(request(), DuplicateHandleTransport.overPipe(kernel32, clientPipe, handoff, clock)));

                backendThread.join();
                assertEquals(ReasonCode.TRUNCATED_BODY, fallback.rejection().orElseThrow().reason());
                assertEquals(FallbackReason.ACK_NOT_OBSERVED, fallback.reason());
                assertTrue(System.nanoTime() - started < TimeUnit.SECONDS.toNanos(2), "no wait for the 5 s deadline");
                assertNothingPending();
            }
        }
    }

    @Test
    @DisplayName("ORCH-2 GetNamedPipeServerProcessId refused is a PERMISSION_DENIED verification failure")
    void verificationDenied() throws Exception {
        FakeKernel32.Pipe pipe = kernel32.listen(PIPE, BACKEND_PID);
        kernel32.failServerPidWith = Win32CallException.ERROR_ACCESS_DENIED;
        try (Win32Pipe handoff = connect()) {
            DuplicateResult result = DuplicateHandleTransport.overPipe(kernel32, clientPipe, handoff, clock)
                    .duplicateIntoBackend(BACKEND_PID);

            DuplicateResult.Failed failed = assertInstanceOf(DuplicateResult.Failed.class, result);
            assertTrue(failed.permissionDenied());
            assertTrue(backend.handles.isEmpty());
        }
    }
}
