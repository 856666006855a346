package io.handoffkit.conformance.property;

import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;

/**
 * One property: a generator of values, a claim about every value, the labels
 * the generated values must cover, and how to print a counterexample (for
 * example its wire bytes in hex, so it can be saved as a vector).
 *
 * <pre>{@code
 * Property<DefectCase> p = Property.forAll("ENV-2 a wrong kind is rejected as KIND", generator)
 *         .describedBy(DefectCase::describe)
 *         .requireLabels(List.of("REQUEST", "unknown"))
 *         .check((c, coverage) -> { coverage.label(c.variant()); ... });
 * runner.run(p);
 * }</pre>
 */
public final class Property<T> {

    /** Default bytes of random input per try; the consumed prefix is what gets shrunk. */
    public static final int DEFAULT_BUFFER_SIZE = 4096;

    private final String name;
    private final Generator<T> generator;
    private final Function<? super T, String> describer;
    private final Set<String> requiredLabels;
    private final int bufferSize;
    private final int triesFactor;
    private final PropertyCheck<T> check;

    private Property(Builder<T> b, PropertyCheck<T> check) {
        this.name = b.name;
        this.generator = b.generator;
        this.describer = b.describer;
        this.requiredLabels = Set.copyOf(b.requiredLabels);
        this.bufferSize = b.bufferSize;
        this.triesFactor = b.triesFactor;
        this.check = check;
    }

    public static <T> Builder<T> forAll(String name, Generator<T> generator) {
        return new Builder<>(name, generator);
    }

    /** Skip this try (not a failure) unless {@code condition} holds. */
    public static void assume(boolean condition) {
        if (!condition) {
            throw new Discarded();
        }
    }

    public String name() {
        return name;
    }

    public Generator<T> generator() {
        return generator;
    }

    public String describe(T value) {
        try {
            return describer.apply(value);
        } catch (RuntimeException e) {
            return String.valueOf(value) + " (describing it failed: " + e + ")";
        }
    }

    public Set<String> requiredLabels() {
        return requiredLabels;
    }

    public int bufferSize() {
        return bufferSize;
    }

    /** This property runs {@code triesFactor} times the runner's tries (for wide label spaces). */
    public int triesFactor() {
        return triesFactor;
    }

    public PropertyCheck<T> check() {
        return check;
    }

    public static final class Builder<T> {
        private final String name;
        private final Generator<T> generator;
        private Function<? super T, String> describer = String::valueOf;
        private final Set<String> requiredLabels = new LinkedHashSet<>();
        private int bufferSize = DEFAULT_BUFFER_SIZE;
        private int triesFactor = 1;

        private Builder(String name, Generator<T> generator) {
            this.name = Objects.requireNonNull(name, "name");
            this.generator = Objects.requireNonNull(generator, "generator");
        }

        public Builder<T> describedBy(Function<? super T, String> describer) {
            this.describer = Objects.requireNonNull(describer, "describer");
            return this;
        }

        /** Every one of these labels must be hit by at least one try, or the run fails. */
        public Builder<T> requireLabels(Collection<String> labels) {
            requiredLabels.addAll(labels);
            return this;
        }

        public Builder<T> requireLabels(String... labels) {
            return requireLabels(List.of(labels));
        }

        public Builder<T> bufferSize(int bytes) {
            if (bytes < 1) {
                throw new IllegalArgumentException("buffer size must be positive");
            }
            this.bufferSize = bytes;
            return this;
        }

        /**
         * Run {@code factor} times the configured tries: for a property with
         * many required labels that each come up rarely (pairs of defects),
         * so coverage stays certain without raising every property's tries.
         */
        public Builder<T> triesFactor(int factor) {
            if (factor < 1) {
                throw new IllegalArgumentException("tries factor must be positive");
            }
            this.triesFactor = factor;
            return this;
        }

        public Property<T> check(PropertyCheck<T> check) {
            return new Property<>(this, Objects.requireNonNull(check, "check"));
        }
    }
}
