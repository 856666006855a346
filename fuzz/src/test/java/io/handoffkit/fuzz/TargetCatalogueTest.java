package io.handoffkit.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.handoffkit.cli.FuzzCommand;
import io.handoffkit.conformance.vectors.VectorSuite;
import io.handoffkit.fuzz.seeds.SeedCorpus;
import java.io.File;
import java.lang.reflect.Method;
import java.net.URL;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The target list of the fuzz module, the CLI's table and the @FuzzTest methods agree; the seeds are there. */
@DisplayName("fuzz target catalogue")
class TargetCatalogueTest {

    private static final List<Class<?>> FUZZ_CLASSES = List.of(FrameFuzz.class, BackendFuzz.class, BrokerFuzz.class,
            ClientFuzz.class, BookkeepingFuzz.class, PropertyFuzz.class, DifferentialFuzz.class);

    @Test
    @DisplayName("every FuzzTarget is a @FuzzTest method, every @FuzzTest method is a FuzzTarget")
    void fuzzTestsMatchTargets() throws Exception {
        Set<String> declared = new HashSet<>();
        for (Class<?> c : FUZZ_CLASSES) {
            for (Method m : c.getDeclaredMethods()) {
                if (m.isAnnotationPresent(FuzzTest.class)) {
                    declared.add(c.getName() + "#" + m.getName());
                }
            }
        }
        Set<String> targets = FuzzTarget.all().stream().map(t -> t.qualifiedTestClass() + "#" + t.method()).collect(Collectors.toSet());
        assertEquals(targets, declared);
        for (FuzzTarget t : FuzzTarget.all()) {
            assertNotNull(Class.forName(t.qualifiedTestClass()));
        }
    }

    @Test
    @DisplayName("handoff-kit fuzz knows exactly these targets, by the same names and tests")
    void cliTableMatches() {
        List<String> cli = FuzzCommand.TARGETS.stream().map(t -> t.name() + "=" + t.testSelector()).toList();
        List<String> here = FuzzTarget.all().stream().map(t -> t.id() + "=" + t.qualifiedTestClass() + "#" + t.method()).toList();
        assertEquals(here, cli);
    }

    @Test
    @DisplayName("every vector-seeded target has one seed per vector on the classpath (duplicates and >4 KiB vectors excepted)")
    void seedsGenerated() throws Exception {
        var files = VectorSuite.loadBundled();
        for (FuzzTarget t : FuzzTarget.all()) {
            URL dir = getClass().getClassLoader().getResource(t.inputsDirectory());
            if (t.seeds() == FuzzTarget.Seeds.NONE) {
                continue;
            }
            assertNotNull(dir, "no inputs directory for " + t.id() + ": did the seed-corpora build step run?");
            String[] seeds = new File(dir.toURI()).list((d, n) -> n.startsWith(SeedCorpus.PREFIX));
            long vectors = files.stream()
                    .filter(f -> t.seeds() == FuzzTarget.Seeds.ALL_ROLES || t.seeds().role().orElseThrow() == f.role())
                    .mapToLong(f -> f.tests().size()).sum();
            assertTrue(seeds != null && seeds.length > 0.9 * vectors && seeds.length <= vectors,
                    t.id() + ": " + (seeds == null ? 0 : seeds.length) + " seeds for " + vectors + " vectors");
        }
    }

    @Test
    @DisplayName("the OSS-Fuzz entry point dispatches to a target by name and refuses an unknown one")
    void ossFuzzEntry() {
        String before = System.getProperty(io.handoffkit.fuzz.ossfuzz.OssFuzzEntry.TARGET_PROPERTY);
        try {
            System.setProperty(io.handoffkit.fuzz.ossfuzz.OssFuzzEntry.TARGET_PROPERTY, "no-such-target");
            IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                    () -> io.handoffkit.fuzz.ossfuzz.OssFuzzEntry.fuzzerInitialize(new String[0]));
            assertTrue(Arrays.stream(FuzzTarget.values()).allMatch(t -> e.getMessage().contains(t.id())), e.getMessage());
            io.handoffkit.fuzz.ossfuzz.OssFuzzEntry.fuzzerInitialize(new String[] {"offer-read"});
        } finally {
            if (before == null) {
                System.clearProperty(io.handoffkit.fuzz.ossfuzz.OssFuzzEntry.TARGET_PROPERTY);
            } else {
                System.setProperty(io.handoffkit.fuzz.ossfuzz.OssFuzzEntry.TARGET_PROPERTY, before);
            }
        }
    }
}
