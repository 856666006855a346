package io.handoffkit.wire;

/** Constants of the frame layer: {@code [u8 framing byte][u32 LE body length][body]} (SPEC FRAME-*). */
public final class Framing {

    /** The only framing byte v1 knows. A separate axis from {@code Frame.envelope_version}. */
    public static final int FRAMING_VERSION = 1;
    public static final int HEADER_LENGTH = 5;
    /** Cap for every frame; a length of exactly this many bytes is within it (FRAME-3). */
    public static final int MAX_FRAME_BYTES = 16 * 1024 * 1024;
    /** Cap for the first Hello of a connection (FRAME-3). */
    public static final int MAX_HELLO_FRAME_BYTES = 64 * 1024;

    private Framing() {}
}
