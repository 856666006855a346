/**
 * The Windows handoff transport (brief §1 step 3, SPEC ORCH-1/ORCH-2): {@code DuplicateHandle}
 * of the client pipe into the verified backend process through JNA, and the offer/ACK exchange
 * over the handoff named pipe as a plain stream pair that reuses the reference codec
 * ({@code FrameWriter}, {@code AckCheck}). Every Win32 call goes through {@link
 * io.handoffkit.transport.windows.Kernel32Calls}, so the logic is tested with a fake on every OS.
 */
package io.handoffkit.transport.windows;
