package io.handoffkit.conformance.property;

import java.io.PrintStream;
import java.time.Duration;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.function.LongFunction;
import java.util.stream.Collectors;

/**
 * Runs properties: N tries, each fed a fresh buffer of seeded random bytes;
 * on the first failure the buffer is shrunk and the failure reported with the
 * seed, the rerun flag, the minimal buffer and the counterexample. After a
 * passing run the label counts are printed and every required label must have
 * been hit.
 *
 * <p>Configuration: {@code -Dhandoff.tries=N} (default 200) and
 * {@code -Dhandoff.seed=S} (default: one random seed for the whole JVM,
 * always printed), {@code -Dhandoff.shrink=N} (at most N replays while shrinking a
 * counterexample, default 4000; 0 reports the input as drawn, which is what a
 * mutation run wants: it asks only whether a property fails). The same seed reproduces the same tries of every property:
 * each property draws from the seed mixed with its name.
 */
public final class PropertyRunner {

    public static final String TRIES_PROPERTY = "handoff.tries";
    public static final String SEED_PROPERTY = "handoff.seed";
    public static final String SHRINK_PROPERTY = "handoff.shrink";
    public static final int DEFAULT_TRIES = 200;
    public static final int DEFAULT_SHRINK_EVALUATIONS = 4000;
    public static final Duration DEFAULT_SHRINK_TIME = Duration.ofSeconds(10);
    /** Below this many tries a missing required label is reported but does not fail the run. */
    public static final int COVERAGE_MIN_TRIES = 100;
    /** A run fails when it discards more than this many values per try. */
    static final int MAX_DISCARDS_PER_TRY = 10;

    private final int tries;
    private final long seed;
    private final int shrinkEvaluations;
    private final Duration shrinkTime;
    private final PrintStream out;
    private final LongFunction<String> rerun;

    private PropertyRunner(int tries, long seed, int shrinkEvaluations, Duration shrinkTime, PrintStream out, LongFunction<String> rerun) {
        if (tries < 1) {
            throw new IllegalArgumentException("tries must be at least 1 (got " + tries + ")");
        }
        this.tries = tries;
        this.seed = seed;
        this.shrinkEvaluations = shrinkEvaluations;
        this.shrinkTime = shrinkTime;
        this.out = out;
        this.rerun = rerun;
    }

    /** Tries, seed and shrink budget from {@code -Dhandoff.tries} / {@code -Dhandoff.seed} / {@code -Dhandoff.shrink}; blank means the default. */
    public static PropertyRunner fromSystemProperties() {
        String t = System.getProperty(TRIES_PROPERTY, "").trim();
        String s = System.getProperty(SEED_PROPERTY, "").trim();
        String k = System.getProperty(SHRINK_PROPERTY, "").trim();
        int tries = t.isEmpty() ? DEFAULT_TRIES : Integer.parseInt(t);
        long seed = s.isEmpty() ? JvmSeed.VALUE : parseSeed(s);
        int shrinkEvaluations = k.isEmpty() ? DEFAULT_SHRINK_EVALUATIONS : Integer.parseInt(k);
        if (shrinkEvaluations < 0) {
            throw new IllegalArgumentException(SHRINK_PROPERTY + " must be 0 or more (got " + k + ")");
        }
        return new PropertyRunner(tries, seed, shrinkEvaluations, DEFAULT_SHRINK_TIME, System.out, PropertyRunner::rerunFlag);
    }

    public static PropertyRunner of(int tries, long seed) {
        return new PropertyRunner(tries, seed, DEFAULT_SHRINK_EVALUATIONS, DEFAULT_SHRINK_TIME, System.out, PropertyRunner::rerunFlag);
    }

    public PropertyRunner withTries(int n) {
        return new PropertyRunner(n, seed, shrinkEvaluations, shrinkTime, out, rerun);
    }

    public PropertyRunner withSeed(long s) {
        return new PropertyRunner(tries, s, shrinkEvaluations, shrinkTime, out, rerun);
    }

    public PropertyRunner withShrinkBudget(int evaluations, Duration time) {
        return new PropertyRunner(tries, seed, evaluations, time, out, rerun);
    }

    public PropertyRunner withOutput(PrintStream stream) {
        return new PropertyRunner(tries, seed, shrinkEvaluations, shrinkTime, stream, rerun);
    }

    /**
     * How a report says to rerun a seed: by default the Maven flag ({@link #rerunFlag}); a tool that runs
     * properties itself (the runner's {@code run --seed}) says it in its own words.
     */
    public PropertyRunner withRerun(LongFunction<String> how) {
        return new PropertyRunner(tries, seed, shrinkEvaluations, shrinkTime, out, how);
    }

    public int tries() {
        return tries;
    }

    public long seed() {
        return seed;
    }

    /** The exact flag that reruns a seed. */
    public static String rerunFlag(long seed) {
        return "-D" + SEED_PROPERTY + "=" + seed;
    }

    static long parseSeed(String s) {
        if (s.startsWith("0x") || s.startsWith("0X")) {
            return Long.parseUnsignedLong(s.substring(2), 16);
        }
        return s.startsWith("-") ? Long.parseLong(s) : Long.parseUnsignedLong(s);
    }

    /**
     * Run {@code property}: returns its report when every try passed and every
     * required label was hit; throws {@link PropertyFailedError} with a shrunk
     * counterexample, or {@link CoverageError}.
     */
    public <T> PropertyReport run(Property<T> property) {
        long started = System.nanoTime();
        int tries = Math.multiplyExact(this.tries, property.triesFactor());
        SplittableRandom random = new SplittableRandom(seed ^ mix(property.name()));
        Map<String, Integer> counts = new TreeMap<>();
        int passed = 0;
        int discarded = 0;
        while (passed < tries) {
            ByteArrayDataProvider data = ByteArrayDataProvider.random(
                    new SplittableRandom(random.nextLong()), property.bufferSize());
            Set<String> labels = new LinkedHashSet<>();
            Outcome<T> outcome = evaluate(property, data, labels::add);
            if (outcome instanceof Outcome.Discard<T>) {
                if (++discarded > MAX_DISCARDS_PER_TRY * tries) {
                    throw new AssertionError(header(property) + " discarded " + discarded
                            + " values after only " + passed + " tries: the generator rarely fits the property");
                }
                continue;
            }
            if (outcome instanceof Outcome.Fail<T> fail) {
                throw failure(property, passed + 1, tries, data.consumed(), fail);
            }
            passed++;
            labels.forEach(l -> counts.merge(l, 1, Integer::sum));
        }
        Duration elapsed = Duration.ofNanos(System.nanoTime() - started);
        Set<String> missing = new LinkedHashSet<>(property.requiredLabels());
        missing.removeAll(counts.keySet());
        boolean enforced = this.tries >= COVERAGE_MIN_TRIES;
        out.println(header(property) + ": " + tries + " tries passed"
                + (discarded > 0 ? " (" + discarded + " discarded)" : "")
                + " in " + elapsed.toMillis() + " ms, seed " + seed + " (rerun: " + rerun.apply(seed) + ")");
        out.println("    labels: " + formatCounts(counts, tries));
        if (!missing.isEmpty()) {
            String message = header(property) + ": required labels never hit in " + tries + " tries: " + missing
                    + "\n  label counts: " + formatCounts(counts, tries)
                    + "\n  seed: " + seed + " (rerun: " + rerun.apply(seed) + ")";
            if (enforced) {
                out.println(message);
                throw new CoverageError(message, missing, seed);
            }
            out.println("    (coverage not enforced below " + COVERAGE_MIN_TRIES + " tries) " + message);
        }
        return new PropertyReport(property.name(), tries, discarded, seed, counts, enforced, elapsed);
    }

    /** Replay one buffer (for example the shrunk buffer of a report): the failure, or empty when it passes. */
    public static <T> Optional<Throwable> replay(Property<T> property, byte[] buffer) {
        Outcome<T> outcome = evaluate(property, new ByteArrayDataProvider(buffer), Coverage.ignored());
        return outcome instanceof Outcome.Fail<T> f ? Optional.of(f.error()) : Optional.empty();
    }

    /** The value a buffer generates, described as a counterexample would be. */
    public static <T> String describe(Property<T> property, byte[] buffer) {
        return property.describe(property.generator().generate(new ByteArrayDataProvider(buffer)));
    }

    private <T> PropertyFailedError failure(Property<T> property, int tryNumber, int tries, byte[] original, Outcome.Fail<T> first) {
        String signature = first.signature();
        Shrinker.Oracle oracle = candidate -> {
            ByteArrayDataProvider data = new ByteArrayDataProvider(candidate);
            Outcome<T> o = evaluate(property, data, Coverage.ignored());
            return o instanceof Outcome.Fail<T> f && f.signature().equals(signature)
                    ? Optional.of(new Shrinker.Replay(data.consumed(), data.blocks()))
                    : Optional.empty();
        };
        Shrinker.Result shrunk = Shrinker.shrink(original, oracle, shrinkEvaluations, shrinkTime.toNanos());
        Outcome<T> replayed = evaluate(property, new ByteArrayDataProvider(shrunk.buffer()), Coverage.ignored());
        Outcome.Fail<T> last = replayed instanceof Outcome.Fail<T> f ? f : first;
        String description = last.value().map(property::describe).orElse("(the generator itself failed)");
        HexFormat hex = HexFormat.of();
        String message = header(property) + " failed on try " + tryNumber + " of " + tries
                + "\n  seed: " + seed + "   rerun with: " + rerun.apply(seed)
                + "\n  failure: " + firstLine(last.error())
                + "\n  shrunk the input from " + original.length + " to " + shrunk.buffer().length + " bytes in "
                + shrunk.steps() + " steps (" + shrunk.evaluations() + " replays"
                + (shrunk.budgetExhausted() ? ", budget exhausted" : "") + ")"
                + "\n  minimal buffer (hex): " + (shrunk.buffer().length == 0 ? "(empty)" : hex.formatHex(shrunk.buffer()))
                + "\n  counterexample:\n" + indent(description, "    ");
        out.println(message);
        return new PropertyFailedError(message, last.error(), property.name(), seed, tryNumber, original,
                shrunk.buffer(), description, signature);
    }

    private static <T> Outcome<T> evaluate(Property<T> property, ByteArrayDataProvider data, Coverage coverage) {
        T value;
        try {
            value = property.generator().generate(data);
        } catch (Discarded d) {
            return new Outcome.Discard<>();
        } catch (RuntimeException | AssertionError | StackOverflowError e) {
            return new Outcome.Fail<>(Optional.empty(), e, "generator: " + signature(e));
        }
        try {
            property.check().check(value, coverage);
            return new Outcome.Pass<>();
        } catch (Discarded d) {
            return new Outcome.Discard<>();
        } catch (Exception | AssertionError | StackOverflowError e) {
            return new Outcome.Fail<>(Optional.ofNullable(value), e, signature(e));
        }
    }

    /** How a throwable failed, without the generated values: its own signature, or its type and origin. */
    static String signature(Throwable t) {
        if (t instanceof PropertyAssertionError p) {
            return p.signature();
        }
        for (StackTraceElement frame : t.getStackTrace()) {
            String c = frame.getClassName();
            if (!c.startsWith("org.junit.") && !c.startsWith("org.opentest4j.")) {
                return t.getClass().getName() + " at " + c + "." + frame.getMethodName() + ":" + frame.getLineNumber();
            }
        }
        return t.getClass().getName();
    }

    private static String header(Property<?> property) {
        return "property \"" + property.name() + "\"";
    }

    private static String formatCounts(Map<String, Integer> counts, int tries) {
        if (counts.isEmpty()) {
            return "(none)";
        }
        return counts.entrySet().stream()
                .map(e -> e.getKey() + "=" + e.getValue() + String.format(" (%.1f%%)", 100.0 * e.getValue() / tries))
                .collect(Collectors.joining(", "));
    }

    /** What failed: a property's own assertion speaks for itself; any other exception is named by its type. */
    private static String firstLine(Throwable t) {
        String m = String.valueOf(t.getMessage());
        return t instanceof PropertyAssertionError ? m : t.getClass().getSimpleName() + ": " + m;
    }

    private static String indent(String text, String prefix) {
        return text.lines().map(l -> prefix + l).collect(Collectors.joining("\n"));
    }

    /** A 64-bit mix of the property name (splitmix64 finaliser over String.hashCode). */
    private static long mix(String name) {
        long z = name.hashCode() * 0x9E3779B97F4A7C15L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    private sealed interface Outcome<T> {
        record Pass<T>() implements Outcome<T> {}

        record Discard<T>() implements Outcome<T> {}

        record Fail<T>(Optional<T> value, Throwable error, String signature) implements Outcome<T> {}
    }

    /** One random seed per JVM, so every property of a run shares the seed it prints. */
    private static final class JvmSeed {
        static final long VALUE = new SplittableRandom().nextLong();
    }
}
