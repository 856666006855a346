package io.handoffkit.conformance.property;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import java.util.function.Function;

/**
 * Builds one value from fuzzer bytes. A generator must be total: every byte
 * string, including the empty one, yields a value (exhausted data reads as
 * minimal values), so shrinking and Jazzer can feed it anything.
 */
@FunctionalInterface
public interface Generator<T> {

    T generate(FuzzedDataProvider data);

    default <U> Generator<U> map(Function<? super T, ? extends U> f) {
        return data -> f.apply(generate(data));
    }
}
