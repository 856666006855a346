package io.handoffkit.wire;

import java.util.function.Function;

/** The outcome of a check: the accepted value, or one rejection. Never an exception. */
public sealed interface Verdict<T> {

    record Accepted<T>(T value) implements Verdict<T> {}

    record Rejected<T>(Rejection rejection) implements Verdict<T> {
        @SuppressWarnings("unchecked")
        <U> Rejected<U> retyped() {
            return (Rejected<U>) this;
        }
    }

    static <T> Verdict<T> accept(T value) {
        return new Accepted<>(value);
    }

    static <T> Verdict<T> reject(Rejection rejection) {
        return new Rejected<>(rejection);
    }

    static <T> Verdict<T> reject(ReasonCode reason, String requirement, String detail) {
        return new Rejected<>(new Rejection(reason, requirement, detail));
    }

    default boolean accepted() {
        return this instanceof Accepted;
    }

    /** Continue with the accepted value; a rejection passes through unchanged (first failure wins). */
    default <U> Verdict<U> then(Function<? super T, Verdict<U>> next) {
        if (this instanceof Accepted<T> a) {
            return next.apply(a.value());
        }
        return ((Rejected<T>) this).retyped();
    }

    /** Rewrite the rejection (for example to add a role's context); an accepted value passes through. */
    default Verdict<T> mapRejection(Function<Rejection, Rejection> f) {
        if (this instanceof Rejected<T> r) {
            return new Rejected<>(f.apply(r.rejection()));
        }
        return this;
    }
}
