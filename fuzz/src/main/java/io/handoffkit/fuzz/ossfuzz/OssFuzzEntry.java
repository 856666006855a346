package io.handoffkit.fuzz.ossfuzz;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import io.handoffkit.fuzz.FuzzTarget;

/**
 * Entry point for Jazzer's stand-alone driver (OSS-Fuzz, ClusterFuzzLite):
 * {@code --target_class=io.handoffkit.fuzz.ossfuzz.OssFuzzEntry
 * --target_args=<target name>} (or the system property
 * {@code handoff.fuzz.target}); ci/oss-fuzz/build.sh writes one wrapper per
 * target. It runs exactly the logic the JUnit {@code @FuzzTest} runs, on the
 * same input bytes, so a crash file from either side reproduces on the other.
 */
public final class OssFuzzEntry {

    public static final String TARGET_PROPERTY = "handoff.fuzz.target";

    private static FuzzTarget target;

    private OssFuzzEntry() {}

    public static void fuzzerInitialize(String[] args) {
        String id = args.length > 0 ? args[0].trim() : System.getProperty(TARGET_PROPERTY, "");
        target = FuzzTarget.byId(id).orElseThrow(() -> new IllegalArgumentException(
                "name the target in --target_args or -D" + TARGET_PROPERTY + ": one of "
                        + FuzzTarget.all().stream().map(FuzzTarget::id).toList() + " (got \"" + id + "\")"));
    }

    public static void fuzzerTestOneInput(FuzzedDataProvider data) {
        target.run(data);
    }
}
