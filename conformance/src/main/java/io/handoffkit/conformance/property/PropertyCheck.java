package io.handoffkit.conformance.property;

/**
 * The claim a property makes about one generated value. Returning normally
 * means it held; any throwable is a counterexample (an {@link
 * PropertyAssertionError} names how it failed so the shrinker keeps the failure the same).
 */
@FunctionalInterface
public interface PropertyCheck<T> {

    void check(T value, Coverage coverage) throws Exception;
}
