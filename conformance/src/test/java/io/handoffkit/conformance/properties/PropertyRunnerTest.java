package io.handoffkit.conformance.properties;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.handoffkit.conformance.property.CoverageError;
import io.handoffkit.conformance.property.Generator;
import io.handoffkit.conformance.property.Property;
import io.handoffkit.conformance.property.PropertyAssertionError;
import io.handoffkit.conformance.property.PropertyFailedError;
import io.handoffkit.conformance.property.PropertyReport;
import io.handoffkit.conformance.property.PropertyRunner;
import io.handoffkit.conformance.property.RoleUnderTest;
import io.handoffkit.conformance.property.gen.Defect;
import io.handoffkit.conformance.property.suite.HandoffProperties;
import io.handoffkit.conformance.verdict.Role;
import io.handoffkit.conformance.verdict.RoleVerdict;
import io.handoffkit.wire.ReasonCode;
import io.handoffkit.wire.Rejection;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The property runner itself: false properties fail with a seed and a shrunk counterexample, coverage is enforced. */
@DisplayName("Property runner")
class PropertyRunnerTest {

    private final ByteArrayOutputStream printed = new ByteArrayOutputStream();
    private final PropertyRunner runner = PropertyRunner.of(200, 42)
            .withOutput(new PrintStream(printed, true, StandardCharsets.UTF_8));

    /** A list of up to 50 ints in 0..10000. */
    private static final Generator<List<Integer>> LISTS = data -> {
        int n = data.consumeInt(0, 50);
        List<Integer> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(data.consumeInt(0, 10_000));
        }
        return out;
    };

    private static Property<List<Integer>> sumBelow1000() {
        return Property.forAll("every list sums to less than 1000", LISTS)
                .check((list, coverage) -> {
                    int sum = list.stream().mapToInt(Integer::intValue).sum();
                    PropertyAssertionError.check(sum < 1000, "sum too large", "sum " + sum);
                });
    }

    @Test
    @DisplayName("a false property fails, reports the seed and the rerun flag, and shrinks to the minimal counterexample")
    void falsePropertyFailsAndShrinks() {
        PropertyFailedError e = assertThrows(PropertyFailedError.class, () -> runner.run(sumBelow1000()));
        assertEquals(42, e.seed());
        assertTrue(e.getMessage().contains("-Dhandoff.seed=42"), e.getMessage());
        assertTrue(e.getMessage().contains("minimal buffer (hex): " + e.shrunkBufferHex()), e.getMessage());
        assertEquals("[1000]", e.counterexample(), e.getMessage());
        assertTrue(e.shrunkBuffer().length <= 3, "shrunk to " + e.shrunkBufferHex());
        assertTrue(e.originalBuffer().length > e.shrunkBuffer().length);
        assertEquals("sum too large", e.signature());
        assertTrue(PropertyRunner.replay(sumBelow1000(), e.shrunkBuffer()).isPresent(), "the shrunk buffer fails again");
        assertTrue(printed.toString(StandardCharsets.UTF_8).contains("-Dhandoff.seed=42"), "the seed is printed");
    }

    @Test
    @DisplayName("-Dhandoff.shrink=0 reports the failing input as drawn, with the same seed and failure (what a mutation run asks)")
    void shrinkBudgetFromSystemProperties() {
        String before = System.getProperty(PropertyRunner.SHRINK_PROPERTY);
        System.setProperty(PropertyRunner.SHRINK_PROPERTY, "0");
        try {
            PropertyRunner unshrunk = PropertyRunner.fromSystemProperties().withSeed(42).withOutput(new PrintStream(printed, true, StandardCharsets.UTF_8));
            PropertyFailedError e = assertThrows(PropertyFailedError.class, () -> unshrunk.run(sumBelow1000()));
            PropertyFailedError shrunk = assertThrows(PropertyFailedError.class, () -> runner.run(sumBelow1000()));
            assertEquals(shrunk.tryNumber(), e.tryNumber());
            assertEquals("sum too large", e.signature());
            assertTrue(e.getMessage().contains(" in 0 steps "), e.getMessage());
            assertTrue(shrunk.shrunkBuffer().length < e.shrunkBuffer().length, "the default budget does shrink");
            System.setProperty(PropertyRunner.SHRINK_PROPERTY, "-1");
            assertThrows(IllegalArgumentException.class, PropertyRunner::fromSystemProperties);
        } finally {
            if (before == null) {
                System.clearProperty(PropertyRunner.SHRINK_PROPERTY);
            } else {
                System.setProperty(PropertyRunner.SHRINK_PROPERTY, before);
            }
        }
    }

    @Test
    @DisplayName("the same seed reproduces the same failure and the same shrunk counterexample")
    void sameSeedSameFailure() {
        PropertyFailedError a = assertThrows(PropertyFailedError.class, () -> runner.run(sumBelow1000()));
        PropertyFailedError b = assertThrows(PropertyFailedError.class, () -> runner.run(sumBelow1000()));
        assertEquals(a.tryNumber(), b.tryNumber());
        assertArrayEquals(a.originalBuffer(), b.originalBuffer());
        assertArrayEquals(a.shrunkBuffer(), b.shrunkBuffer());
    }

    @Test
    @DisplayName("shrinking keeps the failure the same: it never trades one failure for another")
    void shrinkingKeepsTheSignature() {
        for (long i = 1; i <= 20; i++) {
            long seed = i * 0x9E3779B97F4A7C15L;
            Property<Integer> twoBugs = Property.forAll("two ways to fail", (Generator<Integer>) d -> d.consumeInt(0, 1_000_000))
                    .check((x, coverage) -> {
                        PropertyAssertionError.check(x < 500_000, "big", "x = " + x);
                        PropertyAssertionError.check(x % 2 == 0 || x < 1000, "odd", "x = " + x);
                    });
            PropertyFailedError e = assertThrows(PropertyFailedError.class, () -> runner.withSeed(seed).run(twoBugs));
            String cause = ((PropertyAssertionError) e.getCause()).signature();
            assertEquals(e.signature(), cause);
            assertEquals(e.signature().equals("big") ? "500000" : "1001", e.counterexample(), e.getMessage());
        }
    }

    @Test
    @DisplayName("a property whose required label is never hit fails loudly, naming the label and the seed")
    void missingLabelFails() {
        Property<Integer> p = Property.forAll("labels", (Generator<Integer>) d -> d.consumeInt(0, 9))
                .requireLabels("small", "never")
                .check((x, coverage) -> coverage.label("small"));
        CoverageError e = assertThrows(CoverageError.class, () -> runner.run(p));
        assertEquals(java.util.Set.of("never"), e.missing());
        assertTrue(e.getMessage().contains("never") && e.getMessage().contains("-Dhandoff.seed=42"), e.getMessage());
        assertTrue(e.getMessage().contains("small=200"), "label counts are reported: " + e.getMessage());
    }

    @Test
    @DisplayName("label counts are printed; below 100 tries a missing label is only reported")
    void labelCountsAndThreshold() {
        Property<Integer> p = Property.forAll("labels", (Generator<Integer>) d -> d.consumeInt(0, 9))
                .requireLabels("never")
                .check((x, coverage) -> coverage.label(x % 2 == 0 ? "even" : "odd"));
        PropertyReport report = runner.withTries(20).run(p);
        assertFalse(report.coverageEnforced());
        assertEquals(20, report.labelCounts().get("even") + report.labelCounts().get("odd"));
        assertTrue(printed.toString(StandardCharsets.UTF_8).contains("even="), printed.toString(StandardCharsets.UTF_8));
    }

    @Test
    @DisplayName("a property that discards nearly everything fails instead of passing vacuously")
    void discardingFails() {
        Property<Integer> p = Property.forAll("discards", (Generator<Integer>) d -> d.consumeInt(0, 9))
                .check((x, coverage) -> Property.assume(false));
        AssertionError e = assertThrows(AssertionError.class, () -> runner.run(p));
        assertTrue(e.getMessage().contains("discarded"), e.getMessage());
    }

    @Test
    @DisplayName("an exception thrown by the implementation is a counterexample too, shrunk like a failed assertion")
    void exceptionsAreFailures() {
        Property<Integer> p = Property.forAll("throws", (Generator<Integer>) d -> d.consumeInt(0, 1000))
                .check((x, coverage) -> {
                    if (x > 100) {
                        throw new IllegalStateException("boom " + x);
                    }
                });
        PropertyFailedError e = assertThrows(PropertyFailedError.class, () -> runner.run(p));
        assertTrue(e.getCause() instanceof IllegalStateException);
        assertEquals("101", e.counterexample());
    }

    @Test
    @DisplayName("the handoff properties catch a wrong implementation: one that accepts compressed payloads")
    void catchesAcceptingCompression() {
        RoleUnderTest lenient = (role, wire, inputs) -> {
            RoleVerdict v = RoleUnderTest.reference().verdict(role, wire, inputs);
            return v.rejection().filter(r -> r.reason() == ReasonCode.COMPRESSED).isPresent()
                    ? new RoleVerdict(Optional.empty(), v.consumed(), v.decoded())
                    : v;
        };
        PropertyFailedError e = assertThrows(PropertyFailedError.class,
                () -> runner.run(HandoffProperties.defect(Role.BROKER_ACK, Defect.COMPRESSION, lenient)));
        assertEquals("compression: accepted instead of COMPRESSED", e.signature());
        assertTrue(e.counterexample().contains("wire ("), e.counterexample());
        assertTrue(e.shrunkBuffer().length < e.originalBuffer().length, e.getMessage());
    }

    @Test
    @DisplayName("the handoff properties catch a wrong implementation: one that checks the kind before the envelope version")
    void catchesWrongEnvelopeOrder() {
        RoleUnderTest kindFirst = (role, wire, inputs) -> {
            RoleVerdict v = RoleUnderTest.reference().verdict(role, wire, inputs);
            Object kind = v.decoded().get("kind");
            boolean versionRejected = v.rejection().filter(r -> r.reason() == ReasonCode.ENVELOPE_VERSION).isPresent();
            if (versionRejected && kind instanceof Integer k && k != Defect.expectedKind(role).getNumber()) {
                return new RoleVerdict(Optional.of(new Rejection(ReasonCode.KIND, "ENV-2", "kind is not RESPONSE")), v.consumed(), v.decoded());
            }
            return v;
        };
        PropertyFailedError e = assertThrows(PropertyFailedError.class,
                () -> runner.run(HandoffProperties.ordering("ENV-5", Role.BROKER_ACK, Defect.envelopeOrder(), kindFirst)));
        assertEquals("envelope version: KIND (ENV-2) instead of ENVELOPE_VERSION (ENV-1)", e.signature());
    }

    @Test
    @DisplayName("seeds are parsed as signed, unsigned or hex longs")
    void seedFormats() {
        assertEquals(-1L, PropertyRunner.of(1, 0).withSeed(-1).seed());
        assertEquals("-Dhandoff.seed=-5", PropertyRunner.rerunFlag(-5));
    }
}
