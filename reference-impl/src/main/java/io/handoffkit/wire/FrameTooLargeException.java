package io.handoffkit.wire;

import java.io.IOException;

/** The writer's refusal of a body over the cap (FRAME-10): checked, like every other I/O failure. */
public final class FrameTooLargeException extends IOException {

    public FrameTooLargeException(long length, int cap) {
        super("frame too large: " + length + " bytes exceeds the cap of " + cap + " bytes");
    }
}
