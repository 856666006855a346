package io.handoffkit.fuzz.seeds;

import io.handoffkit.conformance.vectors.VectorSuite;
import io.handoffkit.conformance.vectors.VectorSuite.VectorFile;
import io.handoffkit.conformance.vectors.VectorSuite.VectorTest;
import io.handoffkit.conformance.verdict.Role;
import io.handoffkit.fuzz.FuzzTarget;
import io.handoffkit.fuzz.targets.BrokerTargets;
import io.handoffkit.fuzz.targets.FrameReaderTarget;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Generates the seed corpora from the golden vectors: one seed per relevant
 * vector per target, named {@code seed-<role>-<tcId>}, written into
 * {@code <root>/io/handoffkit/fuzz/<Class>Inputs/<method>/}. The build runs it
 * with {@code root} = {@code fuzz/target/test-classes} (the classpath directory
 * Jazzer replays in regression mode and reads as seeds when fuzzing), so seeds
 * are never committed and always match the vectors. Old {@code seed-*} files
 * are replaced; anything else there (committed crash reproducers copied from
 * {@code src/test/resources}) is left alone. Vectors over {@link #MAX_SEED_BYTES}
 * are skipped, and so is a vector whose seed repeats an earlier one byte for byte.
 *
 * <p>Usage: {@code SeedCorpus <vectors dir> <output root>}.
 */
public final class SeedCorpus {

    public static final String PREFIX = "seed-";
    /**
     * libFuzzer's default {@code -max_len}. A larger seed would raise it to that seed's size and
     * make every mutated input up to that large (one 64 KiB vector slowed offer-read tenfold), so
     * vectors above it are not seeds; the golden-vector suite replays them anyway.
     */
    public static final int MAX_SEED_BYTES = 4096;

    private SeedCorpus() {}

    public static void main(String[] args) throws IOException {
        if (args.length != 2) {
            System.err.println("usage: SeedCorpus <vectors dir> <output root>");
            System.exit(2);
        }
        Map<FuzzTarget, Integer> written = generate(Path.of(args[0]), Path.of(args[1]));
        StringBuilder summary = new StringBuilder("fuzz seed corpora from " + args[0] + ":");
        written.forEach((t, n) -> summary.append(' ').append(t.id()).append('=').append(n));
        System.out.println(summary);
    }

    /** Writes every target's seeds; returns how many each got. */
    public static Map<FuzzTarget, Integer> generate(Path vectorsDir, Path outputRoot) throws IOException {
        List<VectorFile> files = new ArrayList<>();
        for (String name : VectorSuite.BUNDLED_FILES) {
            files.add(VectorSuite.load(vectorsDir.resolve(name)));
        }
        Map<FuzzTarget, Integer> counts = new LinkedHashMap<>();
        for (FuzzTarget target : FuzzTarget.values()) {
            if (target.seeds() == FuzzTarget.Seeds.NONE) {
                continue;
            }
            Path dir = outputRoot.resolve(target.inputsDirectory());
            Files.createDirectories(dir);
            try (Stream<Path> old = Files.list(dir)) {
                old.filter(p -> p.getFileName().toString().startsWith(PREFIX)).forEach(SeedCorpus::delete);
            }
            int n = 0;
            Set<String> contents = new HashSet<>();
            for (VectorFile file : files) {
                if (target.seeds() != FuzzTarget.Seeds.ALL_ROLES && target.seeds().role().orElseThrow() != file.role()) {
                    continue;
                }
                for (VectorTest test : file.tests()) {
                    byte[] seed = seed(target, file.role(), test);
                    if (seed.length <= MAX_SEED_BYTES && contents.add(Arrays.toString(seed))) {
                        Files.write(dir.resolve(PREFIX + file.role().id() + "-" + test.tcId()), seed);
                        n++;
                    }
                }
            }
            counts.put(target, n);
        }
        return counts;
    }

    /** The input a target needs to read one vector's wire bytes as the vector means them. */
    static byte[] seed(FuzzTarget target, Role role, VectorTest test) {
        byte[] wire = test.wire();
        return switch (target) {
            // the controls read from the end: all zero = plain stream, no failure, 16 MiB cap
            case FRAME_READER -> Arrays.copyOf(wire, wire.length + FrameReaderTarget.CONTROL_BYTES);
            case ACK_CHECK -> {
                byte[] s = Arrays.copyOf(wire, wire.length + 1);
                s[wire.length] = (byte) (test.deadlinePassed() ? BrokerTargets.MODE_DEADLINE_PASSED : BrokerTargets.MODE_FAR_DEADLINE);
                yield s;
            }
            default -> wire;
        };
    }

    private static void delete(Path p) {
        try {
            Files.delete(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
