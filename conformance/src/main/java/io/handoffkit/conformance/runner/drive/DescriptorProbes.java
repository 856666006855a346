package io.handoffkit.conformance.runner.drive;

import io.handoffkit.conformance.runner.model.Errors;
import java.io.IOException;
import java.time.Duration;
import java.util.Arrays;

/**
 * What the runner learns about a passed descriptor from the ends it still holds: whether probe
 * bytes cross a connection from one end to the other (nobody shut it down, nobody else reads it),
 * and whether the client end sees the end of the stream once the runner dropped its own copy (no
 * other copy is left). Every probe is recorded.
 */
public final class DescriptorProbes {

    static final int PROBE_BYTES = 16;

    private DescriptorProbes() {}

    /**
     * Write fresh probe bytes on {@code from} and expect them on {@code to} within {@code wait};
     * {@code what} ("client end → broker's copy") and the outcome are appended to {@code detail}.
     */
    public static boolean crosses(RecordedSocket from, RecordedSocket to, String what, Duration wait, StringBuilder detail) {
        byte[] probe = Fresh.bytes(PROBE_BYTES);
        try {
            from.write(probe, "probe " + what);
        } catch (IOException e) {
            detail.append(what).append(": writing failed (").append(Errors.message(e)).append("): the connection was shut down; ");
            return false;
        }
        try {
            byte[] got = to.readExactly(probe.length, wait);
            if (Arrays.equals(got, probe)) {
                detail.append(what).append(": the probe crossed; ");
                return true;
            }
            detail.append(what).append(got.length == 0
                    ? ": the probe did not arrive (someone else read it, or the connection was shut down); "
                    : ": other bytes arrived; ");
            return false;
        } catch (IOException e) {
            detail.append(what).append(": reading failed (").append(Errors.message(e)).append("); ");
            return false;
        }
    }

    /** Drop the runner's copy of {@code p}, then wait for the client end's end of stream (a reset counts as one). */
    public static RecordedSocket.End endAfterDrop(PassedConnection p, Duration wait) {
        p.dropCopy();
        try {
            return p.client().readEnd(wait);
        } catch (IOException e) {
            return RecordedSocket.End.END;
        }
    }
}
