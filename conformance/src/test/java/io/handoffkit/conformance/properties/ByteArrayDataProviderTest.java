package io.handoffkit.conformance.properties;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.handoffkit.conformance.property.ByteArrayDataProvider;
import io.handoffkit.conformance.property.Property;
import io.handoffkit.conformance.property.PropertyAssertionError;
import io.handoffkit.conformance.property.PropertyRunner;
import io.handoffkit.conformance.property.gen.Defect;
import io.handoffkit.conformance.property.gen.DefectCases;
import io.handoffkit.conformance.property.gen.Exchanges;
import io.handoffkit.conformance.verdict.Role;
import java.util.Arrays;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The byte-array FuzzedDataProvider: deterministic, in range, minimal values once exhausted (as Jazzer's). */
@DisplayName("Byte-array data provider")
class ByteArrayDataProviderTest {

    private static final PropertyRunner RUNNER = Suite.RUNNER;

    @Test
    @DisplayName("an exhausted provider returns minimal values")
    void exhaustedGivesMinimalValues() {
        ByteArrayDataProvider d = new ByteArrayDataProvider(new byte[0]);
        assertFalse(d.consumeBoolean());
        assertEquals(0, d.consumeInt());
        assertEquals(-7, d.consumeInt(-7, 7));
        assertEquals(Long.MIN_VALUE, d.consumeLong(Long.MIN_VALUE, Long.MAX_VALUE));
        assertEquals(0, d.consumeBytes(10).length);
        assertEquals("", d.consumeString(10));
        assertEquals("", d.consumeRemainingAsAsciiString());
        assertEquals('a', d.consumeChar('a', 'z'));
        assertEquals(0.0, d.consumeProbabilityDouble());
        assertEquals(1.5, d.consumeRegularDouble(1.5, 2.5));
        assertEquals(0, d.remainingBytes());
        assertEquals("x", d.pickValue(new String[] {"x", "y"}));
        assertThrows(IllegalArgumentException.class, () -> d.consumeInt(2, 1));
    }

    @Test
    @DisplayName("ranges are honoured, strings are well-formed UTF-16 within their length")
    void rangesAndStrings() {
        RUNNER.run(Property.forAll("ranges", data -> data.consumeRemainingAsBytes())
                .describedBy(b -> java.util.HexFormat.of().formatHex(b))
                .check((bytes, coverage) -> {
                    ByteArrayDataProvider d = new ByteArrayDataProvider(bytes);
                    int lo = d.consumeInt();
                    int hi = d.consumeInt();
                    int min = Math.min(lo, hi);
                    int max = Math.max(lo, hi);
                    int v = d.consumeInt(min, max);
                    PropertyAssertionError.check(v >= min && v <= max, "int out of range", v + " not in " + min + ".." + max);
                    long l = d.consumeLong(Long.MIN_VALUE, Long.MAX_VALUE);
                    long b = d.consumeLong(-3, 3);
                    PropertyAssertionError.check(b >= -3 && b <= 3, "long out of range", "" + b + " " + l);
                    String s = d.consumeString(20);
                    PropertyAssertionError.check(s.length() <= 20, "string too long", s);
                    for (int i = 0; i < s.length(); i++) {
                        char c = s.charAt(i);
                        boolean paired = Character.isHighSurrogate(c) ? i + 1 < s.length() && Character.isLowSurrogate(s.charAt(++i))
                                : !Character.isLowSurrogate(c);
                        PropertyAssertionError.check(paired, "lone surrogate", s);
                    }
                    String a = d.consumeAsciiString(20);
                    PropertyAssertionError.check(a.chars().allMatch(c -> c < 0x80), "non-ASCII", a);
                    double p = d.consumeProbabilityDouble();
                    PropertyAssertionError.check(p >= 0 && p <= 1, "probability", "" + p);
                }));
    }

    @Test
    @DisplayName("the same bytes generate the same exchange, and the consumed prefix replays it")
    void deterministic() {
        RUNNER.run(Property.forAll("deterministic", data -> data.consumeRemainingAsBytes())
                .check((bytes, coverage) -> {
                    for (Role role : Role.values()) {
                        ByteArrayDataProvider first = new ByteArrayDataProvider(bytes);
                        byte[] a = Exchanges.valid(role, first).wire();
                        byte[] b = Exchanges.valid(role, new ByteArrayDataProvider(bytes)).wire();
                        byte[] c = Exchanges.valid(role, new ByteArrayDataProvider(first.consumed())).wire();
                        PropertyAssertionError.check(Arrays.equals(a, b) && Arrays.equals(a, c), "not deterministic", role.id());
                    }
                }));
    }

    @Test
    @DisplayName("every generator is total: short and empty inputs (read as zeros past the end) still generate a case")
    void generatorsAreTotal() {
        RUNNER.run(Property.forAll("generators are total", data -> data.consumeBytes(data.consumeInt(0, 64)))
                .describedBy(b -> java.util.HexFormat.of().formatHex(b))
                .check((bytes, coverage) -> {
                    for (Role role : Role.values()) {
                        for (Defect defect : Defect.checkOrder(role)) {
                            DefectCases.single(role, defect).generate(new ByteArrayDataProvider(bytes)).wire();
                        }
                        DefectCases.ordered(role, Defect.checkOrder(role)).generate(new ByteArrayDataProvider(bytes)).wire();
                    }
                }));
    }

    @Test
    @DisplayName("ranges read the fewest big-endian bytes: lower bytes never give a larger value")
    void bigEndianMinimalBytes() {
        ByteArrayDataProvider d = new ByteArrayDataProvider(new byte[] {0x03, (byte) 0xE8, 0x05});
        assertEquals(1000, d.consumeInt(0, 10_000));
        assertEquals(5, d.consumeInt(0, 255));
        assertArrayEquals(new byte[] {0x03, (byte) 0xE8, 0x05}, d.consumed());
    }
}
