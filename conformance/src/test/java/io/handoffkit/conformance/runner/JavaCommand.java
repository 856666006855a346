package io.handoffkit.conformance.runner;

import io.handoffkit.conformance.runner.targets.ExecTarget;
import java.nio.file.Path;

/** An exec target's command that runs a main class of this test class path as a separate JVM. */
public final class JavaCommand {

    private JavaCommand() {}

    /** {@code java ... -cp <test class path> mainClass args}, quoted for {@link ExecTarget}'s word splitting. */
    public static String of(String mainClass, String args) {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        return quote(java) + " -Xss512k -XX:TieredStopAtLevel=1 -cp " + quote(cp) + " " + mainClass + " " + args;
    }

    private static String quote(String s) {
        return s.matches("[A-Za-z0-9_./:=@%+-]+") ? s : "'" + s.replace("'", "'\\''") + "'";
    }
}
