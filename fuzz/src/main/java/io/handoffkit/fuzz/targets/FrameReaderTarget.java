package io.handoffkit.fuzz.targets;

import static io.handoffkit.fuzz.oracle.OracleViolation.check;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.google.protobuf.InvalidProtocolBufferException;
import io.handoffkit.fuzz.oracle.AllocationMeter;
import io.handoffkit.fuzz.oracle.OracleViolation;
import io.handoffkit.fuzz.oracle.ScriptedInputStream;
import io.handoffkit.fuzz.oracle.WireOracles;
import io.handoffkit.proto.v1.Frame;
import io.handoffkit.proto.v1.FrameKind;
import io.handoffkit.wire.Decoding;
import io.handoffkit.wire.Envelope;
import io.handoffkit.wire.FrameReader;
import io.handoffkit.wire.FrameWriter;
import io.handoffkit.wire.HeaderReadAhead;
import io.handoffkit.wire.Framing;
import io.handoffkit.wire.ReasonCode;
import io.handoffkit.wire.Rejection;
import io.handoffkit.wire.Verdict;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The frame layer over a stream (FRAME-*, DEC-1): frames are read one after
 * another from one stream until the reader rejects, the stream behaving like a
 * socket (short reads, a reset at a chosen byte) and the cap chosen among the
 * real ones and small ones.
 *
 * <p>Input layout (Jazzer's {@link FuzzedDataProvider} reads numbers from the
 * end): the last byte is the largest chunk a read returns (0 = unlimited), the
 * byte before it the offset at which the stream fails (0 = never, n = before
 * byte n-1), the byte before that the cap (0 = 16 MiB, 1 = 64 KiB, 2 = 0,
 * 3 = a 2-byte number 0..65535 taken from further back); the rest is the stream.
 * A seed made of wire bytes followed by three zero bytes is therefore those
 * wire bytes read plainly with the 16 MiB cap.
 */
public final class FrameReaderTarget {

    /** Seeds append this many zero bytes: the defaults of the controls. */
    public static final int CONTROL_BYTES = 3;
    private static final int MAX_FRAMES = 64;

    private FrameReaderTarget() {}

    public static void fuzz(FuzzedDataProvider data) {
        int chunk = data.consumeInt(0, 255);
        int fail = data.consumeInt(0, 255);
        int cap = switch (data.consumeInt(0, 3)) {
            case 0 -> Framing.MAX_FRAME_BYTES;
            case 1 -> Framing.MAX_HELLO_FRAME_BYTES;
            case 2 -> 0;
            default -> data.consumeInt(0, 65535);
        };
        byte[] input = data.consumeRemainingAsBytes();
        run(input, chunk, fail == 0 ? -1 : fail - 1, cap);
    }

    /** One stream, read frame after frame; every oracle applied to every frame; then the same through {@link HeaderReadAhead}. */
    public static void run(byte[] input, int chunk, int failAt, int cap) {
        ScriptedInputStream in = new ScriptedInputStream(input, chunk, failAt);
        List<Step> steps = new ArrayList<>();
        readAll(input, in, chunk, failAt, cap, steps);
        checkHeaderReadAhead(input, chunk, failAt, cap, steps);
    }

    /** What the plain reader did with one frame: where it ended and its verdict's reason (null = accepted). */
    private record Step(int end, ReasonCode reason) {}

    private static void readAll(byte[] input, ScriptedInputStream in, int chunk, int failAt, int cap, List<Step> steps) {
        for (int i = 0; i < MAX_FRAMES; i++) {
            int start = in.position();
            int remaining = input.length - start;
            Verdict<byte[]> verdict = AllocationMeter.bounded("FrameReader.read", remaining,
                    () -> FrameReader.read(in, cap),
                    () -> {
                        // the same read on a fresh stream positioned at the same offset
                        ScriptedInputStream replay = new ScriptedInputStream(input, chunk, failAt);
                        skip(replay, start);
                        FrameReader.read(replay, cap);
                    });
            Rejection rejection = verdict instanceof Verdict.Rejected<byte[]> r ? r.rejection() : null;
            if (rejection != null) {
                WireOracles.checkRejectionShape(rejection);
            }
            WireOracles.checkConsumed(input, start, in.position(), cap, rejection, in.failed());
            steps.add(new Step(in.position(), rejection == null ? null : rejection.reason()));
            if (rejection != null) {
                return;
            }
            byte[] body = ((Verdict.Accepted<byte[]>) verdict).value();
            check(Arrays.equals(body, 0, body.length, input, start + Framing.HEADER_LENGTH,
                            start + Framing.HEADER_LENGTH + body.length),
                    () -> "the body is not the bytes after the header");
            reencode(input, start, body, cap);
            decodeBody(body);
        }
    }

    /**
     * The same stream read through {@link HeaderReadAhead} (the backend's and the client's socket
     * reads): the same verdicts; after an accepted frame the stream below is exactly where the plain
     * reader left it (nothing held back); after a rejection at most the rest of a 5-byte header
     * left it, and those bytes are still readable, in order, from the read-ahead.
     */
    private static void checkHeaderReadAhead(byte[] input, int chunk, int failAt, int cap, List<Step> steps) {
        ScriptedInputStream below = new ScriptedInputStream(input, chunk, failAt);
        HeaderReadAhead in = new HeaderReadAhead(below);
        for (Step step : steps) {
            Verdict<byte[]> verdict = FrameReader.read(in, cap);
            ReasonCode reason = verdict instanceof Verdict.Rejected<byte[]> r ? r.rejection().reason() : null;
            check(reason == step.reason(), () -> "through the header read-ahead the verdict is " + verdict
                    + ", read plainly it is " + (step.reason() == null ? "accepted" : step.reason()));
            if (reason == null) {
                check(below.position() == step.end(), () -> "an accepted frame left " + (below.position() - step.end())
                        + " byte(s) in the header read-ahead (FRAME-9)");
                continue;
            }
            int ahead = below.position() - step.end();
            check(ahead >= 0 && ahead < Framing.HEADER_LENGTH, () -> "after " + step.reason()
                    + " the read-ahead took " + ahead + " byte(s) past where the plain reader stopped");
            byte[] held = new byte[ahead];
            int got = ahead == 0 ? 0 : readQuietly(in, held);
            check(got == ahead && Arrays.equals(held, 0, ahead, input, step.end(), step.end() + ahead),
                    () -> "the bytes the read-ahead took past the rejection are not the stream's next bytes");
        }
    }

    private static int readQuietly(HeaderReadAhead in, byte[] into) {
        try {
            return in.read(into, 0, into.length);
        } catch (IOException e) {
            throw new OracleViolation("bytes already held by the header read-ahead could not be read", e);
        }
    }

    /** FRAME-10 then FRAME-1..4: writing the body gives back the exact input bytes, which read back to the body. */
    private static void reencode(byte[] input, int start, byte[] body, int cap) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            FrameWriter.writeBody(out, body);
        } catch (IOException e) {
            throw new OracleViolation("the writer refused a body the reader accepted (" + body.length + " bytes)", e);
        }
        byte[] wire = out.toByteArray();
        check(Arrays.equals(wire, 0, wire.length, input, start, start + wire.length),
                () -> "re-encoding a frame does not give back its bytes: " + WireOracles.hex(wire, 0));
        ByteArrayInputStream again = new ByteArrayInputStream(wire);
        Verdict<byte[]> reread = FrameReader.read(again, cap);
        check(reread instanceof Verdict.Accepted<byte[]> a && Arrays.equals(a.value(), body) && again.available() == 0,
                () -> "a re-encoded frame is not read back whole: " + reread);
    }

    /** DEC-1: the body decodes or is rejected as undecodable; a decoded Frame survives a round trip; ENV never throws. */
    private static void decodeBody(byte[] body) {
        Verdict<Frame> frame = Decoding.frame(body, "fuzzed");
        if (frame instanceof Verdict.Rejected<Frame> r) {
            check(r.rejection().reason() == ReasonCode.FRAME_UNDECODABLE, () -> "undecodable body rejected as " + r.rejection());
            WireOracles.checkRejectionShape(r.rejection());
            return;
        }
        Frame decoded = ((Verdict.Accepted<Frame>) frame).value();
        byte[] canonical = decoded.toByteArray();
        try {
            check(Frame.parseFrom(canonical).equals(decoded), () -> "a decoded Frame does not survive encode/decode");
        } catch (InvalidProtocolBufferException e) {
            throw new OracleViolation("a decoded Frame re-encodes to undecodable bytes", e);
        }
        for (FrameKind kind : new FrameKind[] {FrameKind.FRAME_KIND_REQUEST, FrameKind.FRAME_KIND_RESPONSE, FrameKind.FRAME_KIND_EVENT}) {
            Envelope.validate(decoded, kind).ifPresent(WireOracles::checkRejectionShape);
        }
    }

    private static void skip(ScriptedInputStream in, int n) {
        byte[] sink = new byte[Math.min(Math.max(n, 1), 8192)];
        int left = n;
        try {
            while (left > 0) {
                int r = in.read(sink, 0, Math.min(left, sink.length));
                if (r < 0) {
                    throw new IllegalStateException("cannot skip " + n + " bytes");
                }
                left -= r;
            }
        } catch (IOException e) {
            throw new IllegalStateException("the stream failed while skipping to a frame already read", e);
        }
    }
}
