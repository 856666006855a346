package io.handoffkit.conformance.properties;

import static io.handoffkit.conformance.properties.Suite.SUT;
import static io.handoffkit.conformance.properties.Suite.check;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import io.handoffkit.conformance.Proves;
import io.handoffkit.conformance.property.Property;
import io.handoffkit.conformance.property.PropertyAssertionError;
import io.handoffkit.conformance.property.gen.Defect;
import io.handoffkit.conformance.property.gen.DefectCase;
import io.handoffkit.conformance.property.gen.DefectCases;
import io.handoffkit.conformance.property.gen.Draft;
import io.handoffkit.conformance.property.gen.Exchanges;
import io.handoffkit.conformance.property.gen.Expectation;
import io.handoffkit.conformance.property.gen.Values;
import io.handoffkit.conformance.property.suite.HandoffProperties;
import io.handoffkit.conformance.verdict.Role;
import io.handoffkit.conformance.verdict.RoleVerdict;
import io.handoffkit.proto.v1.Frame;
import io.handoffkit.wire.FrameReader;
import io.handoffkit.wire.FrameTooLargeException;
import io.handoffkit.wire.FrameWriter;
import io.handoffkit.wire.Framing;
import io.handoffkit.wire.ReasonCode;
import io.handoffkit.wire.Verdict;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.util.Arrays;
import java.util.HexFormat;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** SPEC "Framing": {@code [u8 framing byte = 1][u32 LE length][body]}, caps, early EOF, I/O errors, the writer. */
@DisplayName("Framing (FRAME)")
class FramingProperties {

    @ParameterizedTest(name = "{0}")
    @EnumSource(Role.class)
    @DisplayName("FRAME-1 a framing byte other than 1 is rejected as FRAMING_VERSION (got X, expected 1)")
    @Proves("FRAME-1")
    void framingByte(Role role) {
        check(HandoffProperties.defect(role, Defect.FRAMING_BYTE, SUT));
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Role.class)
    @DisplayName("FRAME-6 a stream ending in the framing byte, the length or the body is rejected as TRUNCATED_<part>")
    @Proves("FRAME-6")
    void truncation(Role role) {
        check(HandoffProperties.defect(role, Defect.TRUNCATION, SUT));
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Role.class)
    @DisplayName("FRAME-2 a length over the 16 MiB cap is rejected as FRAME_TOO_LARGE before the body is read")
    @Proves({"FRAME-2", "FRAME-3"})
    void oversize(Role role) {
        check(Property.forAll("FRAME-2 oversize length [" + role + "]", DefectCases.single(role, Defect.OVERSIZE))
                .describedBy(DefectCase::describe)
                .requireLabels(Defect.OVERSIZE.variants(role))
                .check((c, coverage) -> {
                    coverage.label(c.decisive().variant());
                    HandoffProperties.judge(SUT, c);
                    RoleVerdict v = SUT.verdict(role, c.wire(), c.inputs());
                    PropertyAssertionError.check(v.consumed() == Framing.HEADER_LENGTH, "oversize: body was read",
                            "judged after consuming " + v.consumed() + " bytes; the verdict needs only the 5-byte header");
                }));
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Role.class)
    @DisplayName("FRAME-3 a length up to and including the cap is not too large: a short body is TRUNCATED_BODY")
    @Proves({"FRAME-3", "FRAME-6"})
    void withinTheCap(Role role) {
        check(Property.forAll("FRAME-3 length within the cap [" + role + "]", data -> withinCap(role, data))
                .describedBy(w -> HexFormat.of().formatHex(w.wire()))
                .requireLabels("exactly the cap", "just under the cap", "further under the cap")
                .check((w, coverage) -> {
                    coverage.label(w.label());
                    HandoffProperties.expectRejected(SUT.verdict(role, w.wire(), w.inputs()),
                            Expectation.of(ReasonCode.TRUNCATED_BODY, "FRAME-6"), "length within the cap");
                }));
    }

    @Test
    @DisplayName("FRAME-8 a header claiming up to 16 MiB costs the reader about what actually arrived, not the claim")
    @Proves({"FRAME-8", "FRAME-3"})
    void noAllocationUpFront() {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        org.junit.jupiter.api.Assumptions.assumeTrue(threads.isThreadAllocatedMemorySupported() && threads.isThreadAllocatedMemoryEnabled(),
                "this JVM does not measure per-thread allocation");
        check(Property.forAll("FRAME-8 no allocation of the claimed length", data -> withinCap(Role.BACKEND_OFFER, data))
                .describedBy(w -> HexFormat.of().formatHex(w.wire()))
                .check((w, coverage) -> {
                    long before = threads.getCurrentThreadAllocatedBytes();
                    Verdict<byte[]> v = FrameReader.read(new ByteArrayInputStream(w.wire()), Framing.MAX_FRAME_BYTES);
                    long allocated = threads.getCurrentThreadAllocatedBytes() - before;
                    PropertyAssertionError.check(!v.accepted(), "short body accepted", "a truncated body was accepted");
                    PropertyAssertionError.check(allocated < 1024 * 1024, "allocated the claimed length",
                            "reading a " + w.wire().length + "-byte stream that claims " + w.claimed()
                                    + " bytes allocated " + allocated + " bytes");
                }));
    }

    @Test
    @DisplayName("FRAME-3 the first Hello's cap is 64 KiB: a longer length is FRAME_TOO_LARGE, exactly 64 KiB is within")
    @Proves("FRAME-3")
    void helloCap() {
        check(Property.forAll("FRAME-3 Hello cap", data -> {
                    long length = switch (data.consumeInt(0, 3)) {
                        case 0 -> Framing.MAX_HELLO_FRAME_BYTES;
                        case 1 -> Framing.MAX_HELLO_FRAME_BYTES + 1L;
                        case 2 -> data.consumeLong(0, Framing.MAX_HELLO_FRAME_BYTES);
                        default -> data.consumeLong(Framing.MAX_HELLO_FRAME_BYTES + 1L, Values.U32_MAX);
                    };
                    return header(Framing.FRAMING_VERSION, length);
                })
                .describedBy(w -> HexFormat.of().formatHex(w))
                .requireLabels("within", "too large")
                .check((wire, coverage) -> {
                    long length = Integer.toUnsignedLong(littleEndian(wire));
                    Verdict<byte[]> v = FrameReader.read(new ByteArrayInputStream(wire), Framing.MAX_HELLO_FRAME_BYTES);
                    ReasonCode expected = length > Framing.MAX_HELLO_FRAME_BYTES ? ReasonCode.FRAME_TOO_LARGE
                            : length == 0 ? null : ReasonCode.TRUNCATED_BODY;
                    coverage.label(length > Framing.MAX_HELLO_FRAME_BYTES ? "too large" : "within");
                    ReasonCode got = v instanceof Verdict.Rejected<byte[]> r ? r.rejection().reason() : null;
                    PropertyAssertionError.check(got == expected, "Hello cap: " + got + " instead of " + expected,
                            "length " + length + ": expected " + expected + ", got " + v);
                }));
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Role.class)
    @DisplayName("FRAME-9 bytes after a frame are left unread: consumed = 5 + the little-endian length")
    @Proves({"FRAME-9", "FRAME-4"})
    void trailingBytesUnread(Role role) {
        check(Property.forAll("FRAME-9 trailing bytes [" + role + "]", data -> {
                    Draft d = Exchanges.valid(role, data);
                    byte[] wire = d.wire();
                    byte[] more = data.consumeBoolean() ? Exchanges.valid(role, data).wire() : data.consumeBytes(data.consumeInt(1, 64));
                    return new Trailing(d, wire, concat(wire, more.length == 0 ? new byte[] {0} : more));
                })
                .describedBy(t -> t.draft().describe() + "\nwith trailing bytes: " + HexFormat.of().formatHex(t.stream()))
                .check((t, coverage) -> {
                    RoleVerdict v = SUT.verdict(role, t.stream(), t.draft().inputs());
                    HandoffProperties.expectAccepted(v, "a valid frame followed by more bytes");
                    int length = littleEndian(t.frame());
                    PropertyAssertionError.check(v.consumed() == Framing.HEADER_LENGTH + length, "consumed beyond the frame",
                            "consumed " + v.consumed() + " bytes, the frame is 5 + " + length);
                }));
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Role.class)
    @DisplayName("FRAME-5 a zero length is legal: the empty body is a Frame of defaults, which ENV-1 then rejects")
    @Proves({"FRAME-5", "ENV-1"})
    void zeroLength(Role role) {
        check(Property.forAll("FRAME-5 zero length [" + role + "]", data -> {
                    Draft d = Exchanges.valid(role, data);
                    return new Trailing(d, header(Framing.FRAMING_VERSION, 0), concat(header(Framing.FRAMING_VERSION, 0),
                            data.consumeBytes(data.consumeInt(0, 32))));
                })
                .describedBy(t -> HexFormat.of().formatHex(t.stream()))
                .check((t, coverage) -> {
                    RoleVerdict v = SUT.verdict(role, t.stream(), t.draft().inputs());
                    HandoffProperties.expectRejected(v, Expectation.of(ReasonCode.ENVELOPE_VERSION, "ENV-1"), "empty body");
                    PropertyAssertionError.check(v.consumed() == Framing.HEADER_LENGTH, "empty body: consumed more than the header",
                            "consumed " + v.consumed() + " bytes of a zero-length frame");
                }));
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Role.class)
    @DisplayName("FRAME-11 framing byte and envelope_version are separate axes: each is judged on its own, framing first")
    @Proves("FRAME-11")
    void twoVersionAxes(Role role) {
        check(HandoffProperties.ordering("FRAME-11 framing byte before envelope_version", role,
                java.util.List.of(Defect.FRAMING_BYTE, Defect.ENVELOPE_VERSION), SUT));
        check(Property.forAll("FRAME-11 one version axis wrong [" + role + "]",
                        DefectCases.oneOf(role, java.util.List.of(Defect.FRAMING_BYTE, Defect.ENVELOPE_VERSION)))
                .describedBy(DefectCase::describe)
                .requireLabels(Defect.FRAMING_BYTE.title(), Defect.ENVELOPE_VERSION.title())
                .check((c, coverage) -> {
                    coverage.label(c.decisive().defect().title());
                    HandoffProperties.judge(SUT, c);
                }));
    }

    @Test
    @DisplayName("FRAME-7 an I/O error anywhere before the frame is complete is reported as IO, not as EOF")
    @Proves("FRAME-7")
    void ioErrors() {
        check(Property.forAll("FRAME-7 I/O errors", data -> {
                    Role role = data.pickValue(Role.values());
                    byte[] wire = Exchanges.valid(role, data).wire();
                    int failAfter = switch (data.consumeInt(0, 3)) {
                        case 0 -> 0;
                        case 1 -> data.consumeInt(1, Framing.HEADER_LENGTH - 1);
                        case 2 -> data.consumeInt(Framing.HEADER_LENGTH, wire.length - 1);
                        default -> wire.length;
                    };
                    return new Failing(wire, failAfter);
                })
                .describedBy(f -> HexFormat.of().formatHex(f.wire()) + " failing after " + f.failAfter() + " bytes")
                .requireLabels("in the framing byte", "in the length", "in the body", "after the frame")
                .check((f, coverage) -> {
                    int n = f.failAfter();
                    coverage.label(n == 0 ? "in the framing byte" : n < Framing.HEADER_LENGTH ? "in the length"
                            : n < f.wire().length ? "in the body" : "after the frame");
                    Verdict<byte[]> v = FrameReader.read(new FailingStream(f.wire(), n), Framing.MAX_FRAME_BYTES);
                    if (n < f.wire().length) {
                        ReasonCode got = v instanceof Verdict.Rejected<byte[]> r ? r.rejection().reason() : null;
                        String req = v instanceof Verdict.Rejected<byte[]> r ? r.rejection().requirement() : "-";
                        PropertyAssertionError.check(got == ReasonCode.IO && req.equals("FRAME-7"), "I/O error: " + got,
                                "an I/O error after " + n + " bytes gave " + v);
                    } else {
                        PropertyAssertionError.check(v instanceof Verdict.Accepted<byte[]> a
                                        && Arrays.equals(a.value(), Arrays.copyOfRange(f.wire(), 5, f.wire().length)),
                                "complete frame not read", "the whole frame arrived before the error, got " + v);
                    }
                }));
    }

    @Test
    @DisplayName("FRAME-10 the writer writes header and body, then flushes; FRAME-4 the length is u32 little-endian")
    @Proves({"FRAME-10", "FRAME-4"})
    void writer() {
        check(Property.forAll("FRAME-10 writer", data -> Exchanges.valid(data.pickValue(Role.values()), data).frame())
                .describedBy(Frame::toString)
                .check((frame, coverage) -> {
                    FlushRecorder out = new FlushRecorder();
                    FrameWriter.write(out, frame);
                    byte[] body = frame.toByteArray();
                    byte[] expected = concat(header(Framing.FRAMING_VERSION, body.length), body);
                    PropertyAssertionError.check(Arrays.equals(out.toByteArray(), expected), "writer bytes",
                            "wrote " + HexFormat.of().formatHex(out.toByteArray()));
                    PropertyAssertionError.check(out.flushedAt == expected.length, "writer flush",
                            "flushed after " + out.flushedAt + " of " + expected.length + " bytes");
                    PropertyAssertionError.check(Arrays.equals(FrameWriter.encode(frame), expected), "encode bytes",
                            "encode() differs from write()");
                }));
    }

    @Test
    @DisplayName("FRAME-10 the writer refuses a body over the cap and writes nothing")
    @Proves("FRAME-10")
    void writerRefusesOverCap() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertThrows(FrameTooLargeException.class, () -> FrameWriter.writeBody(out, new byte[Framing.MAX_FRAME_BYTES + 1]));
        assertEquals(0, out.size());
    }

    @Test
    @DisplayName("FRAME-4 the length header is little-endian")
    @Proves("FRAME-4")
    void littleEndianHeader() throws IOException {
        byte[] wire = FrameWriter.encode(Frame.newBuilder().setEnvelopeVersion(1).setTraceparent("x".repeat(300)).build());
        assertArrayEquals(new byte[] {1, (byte) (wire.length - 5), (byte) ((wire.length - 5) >>> 8), 0, 0}, Arrays.copyOf(wire, 5));
    }

    // ---- helpers -------------------------------------------------------------------------------------------

    /** A header claiming a length within the cap, followed by fewer body bytes than claimed. */
    record WithinCap(byte[] wire, long claimed, String label, io.handoffkit.conformance.verdict.RoleInputs inputs) {}

    static WithinCap withinCap(Role role, FuzzedDataProvider data) {
        Draft d = Exchanges.valid(role, data);
        int variant = data.consumeInt(0, 2);
        long claimed = switch (variant) {
            case 0 -> Framing.MAX_FRAME_BYTES;
            case 1 -> Framing.MAX_FRAME_BYTES - data.consumeInt(1, 16);
            default -> data.consumeLong(8 * 1024 + 1, Framing.MAX_FRAME_BYTES - 17);
        };
        byte[] body = d.body();
        int present = data.consumeInt(0, Math.min(body.length, 4096));
        byte[] wire = concat(header(Framing.FRAMING_VERSION, claimed), Arrays.copyOf(body, present));
        String label = variant == 0 ? "exactly the cap" : variant == 1 ? "just under the cap" : "further under the cap";
        return new WithinCap(wire, claimed, label, d.inputs());
    }

    record Trailing(Draft draft, byte[] frame, byte[] stream) {}

    record Failing(byte[] wire, int failAfter) {}

    static byte[] header(int framingByte, long length) {
        return new byte[] {(byte) framingByte, (byte) length, (byte) (length >>> 8), (byte) (length >>> 16), (byte) (length >>> 24)};
    }

    static int littleEndian(byte[] wire) {
        return (wire[1] & 0xFF) | (wire[2] & 0xFF) << 8 | (wire[3] & 0xFF) << 16 | (wire[4] & 0xFF) << 24;
    }

    static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    /** Delivers {@code failAfter} bytes, then throws on every read. */
    static final class FailingStream extends FilterInputStream {
        private int left;

        FailingStream(byte[] wire, int failAfter) {
            super(new ByteArrayInputStream(wire));
            this.left = failAfter;
        }

        @Override
        public int read() throws IOException {
            if (left == 0) {
                throw new IOException("connection reset (injected)");
            }
            left--;
            return super.read();
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (left == 0) {
                throw new IOException("connection reset (injected)");
            }
            int n = super.read(b, off, Math.min(len, left));
            if (n > 0) {
                left -= n;
            }
            return n;
        }
    }

    /** Records the bytes and how many had been written at the (last) flush. */
    static final class FlushRecorder extends OutputStream {
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        int flushedAt = -1;

        @Override
        public void write(int b) {
            bytes.write(b);
        }

        @Override
        public void write(byte[] b, int off, int len) {
            bytes.write(b, off, len);
        }

        @Override
        public void flush() {
            flushedAt = bytes.size();
        }

        byte[] toByteArray() {
            return bytes.toByteArray();
        }
    }
}
