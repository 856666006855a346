package io.handoffkit.conformance;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The SPEC.md requirement IDs a test proves (for example {@code "ENV-2"}).
 * Read at runtime by the traceability check, which maps every requirement to
 * the properties, vectors and scenarios that prove it.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.METHOD, ElementType.TYPE})
public @interface Proves {

    String[] value();
}
