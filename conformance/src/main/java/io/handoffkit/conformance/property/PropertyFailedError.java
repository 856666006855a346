package io.handoffkit.conformance.property;

import java.util.HexFormat;

/**
 * A property found a counterexample. The message carries everything needed to
 * reproduce it: the seed and the exact rerun flag, the shrunk input buffer in
 * hex (replayable with {@link PropertyRunner#replay}) and the counterexample's
 * description (for the handoff properties, its wire bytes in hex).
 */
public final class PropertyFailedError extends AssertionError {

    private final String property;
    private final long seed;
    private final int tryNumber;
    private final byte[] originalBuffer;
    private final byte[] shrunkBuffer;
    private final String counterexample;
    private final String signature;

    PropertyFailedError(String message, Throwable cause, String property, long seed, int tryNumber,
            byte[] originalBuffer, byte[] shrunkBuffer, String counterexample, String signature) {
        super(message, cause);
        this.property = property;
        this.seed = seed;
        this.tryNumber = tryNumber;
        this.originalBuffer = originalBuffer.clone();
        this.shrunkBuffer = shrunkBuffer.clone();
        this.counterexample = counterexample;
        this.signature = signature;
    }

    public String property() {
        return property;
    }

    public long seed() {
        return seed;
    }

    /** 1-based number of the try that failed first. */
    public int tryNumber() {
        return tryNumber;
    }

    public byte[] originalBuffer() {
        return originalBuffer.clone();
    }

    public byte[] shrunkBuffer() {
        return shrunkBuffer.clone();
    }

    public String shrunkBufferHex() {
        return HexFormat.of().formatHex(shrunkBuffer);
    }

    /** The description of the shrunk counterexample. */
    public String counterexample() {
        return counterexample;
    }

    /** How it failed (see {@link PropertyAssertionError#signature()}). */
    public String signature() {
        return signature;
    }

    /** The flag that reruns the same tries. */
    public String rerunFlag() {
        return PropertyRunner.rerunFlag(seed);
    }
}
