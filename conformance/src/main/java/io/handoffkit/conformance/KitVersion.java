package io.handoffkit.conformance;

import io.handoffkit.conformance.spec.SpecQuotes;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/**
 * Which kit judged, against which spec: every report and {@code handoff-kit --version} name both,
 * so a result can be traced to the requirements it was judged against.
 *
 * @param kit the kit's version (the Maven project version, written into the jar by the build)
 * @param spec the version of the SPEC.md bundled in the jar
 */
public record KitVersion(String kit, String spec) {

    private static final KitVersion CURRENT = new KitVersion(kitVersion(), SpecQuotes.bundled().version());

    public static KitVersion current() {
        return CURRENT;
    }

    /** "handoff-kit 0.1.0, spec 1.0.0" */
    public String line() {
        return "handoff-kit " + kit + ", spec " + spec;
    }

    private static String kitVersion() {
        try (InputStream in = KitVersion.class.getResourceAsStream("kit.properties")) {
            if (in == null) {
                throw new IllegalStateException("kit.properties is not on the classpath (the build writes it into the conformance jar)");
            }
            Properties p = new Properties();
            p.load(in);
            return p.getProperty("version");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
