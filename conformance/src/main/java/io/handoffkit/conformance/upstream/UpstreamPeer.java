package io.handoffkit.conformance.upstream;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Upstream running-process 4.5.5's handoff code compiled as small binaries ({@code bin/oracle-backend},
 * {@code oracle-broker}, {@code oracle-vectors}, {@code oracle-codec-bench}): the independent peer the
 * interoperability tests, the differential fuzz target and the side-by-side benchmarks run against.
 *
 * <p>Where it is: {@code $HANDOFF_KIT_UPSTREAM_PEER} when set, otherwise {@code ../shared/upstream-peer}
 * next to the checkout (looked up from the working directory and its two parents, so a module's tests
 * find it too). {@code HANDOFF_KIT_REQUIRE_UPSTREAM_PEER=true} (set by {@code .ci/run}) turns an absent
 * peer from a skip into a failure.
 */
public record UpstreamPeer(Path home) {

    public static final String LOCATION_VARIABLE = "HANDOFF_KIT_UPSTREAM_PEER";
    public static final String REQUIRE_VARIABLE = "HANDOFF_KIT_REQUIRE_UPSTREAM_PEER";

    private static final Path DEFAULT_RELATIVE = Path.of("..", "shared", "upstream-peer");
    /** The manifest's header names the release: "... (running-process 4.5.5, <40 hex digits>)". */
    private static final Pattern RELEASE = Pattern.compile("running-process (\\S+), ([0-9a-f]{40})");

    /** The upstream release the binaries were compiled from: its version tag and commit. */
    public record Release(String version, String commit) {}

    public Path backend() {
        return binary("oracle-backend");
    }

    public Path broker() {
        return binary("oracle-broker");
    }

    public Path vectors() {
        return binary("oracle-vectors");
    }

    public Path codecBench() {
        return binary("oracle-codec-bench");
    }

    /** The release, as the peer's {@code src/UPSTREAM_MANIFEST.txt} states it in its header. */
    public Release release() throws IOException {
        Path manifest = home.resolve("src").resolve("UPSTREAM_MANIFEST.txt");
        for (String line : Files.readAllLines(manifest, StandardCharsets.UTF_8)) {
            Matcher m = RELEASE.matcher(line);
            if (line.startsWith("#") && m.find()) {
                return new Release(m.group(1), m.group(2));
            }
        }
        throw new IOException(manifest + " names no release (a header with \"running-process <version>, <commit>\")");
    }

    private Path binary(String name) {
        return home.resolve("bin").resolve(name);
    }

    /** The peer, when its four binaries are present and executable where {@link #candidates()} look. */
    public static Optional<UpstreamPeer> locate() {
        return candidates().stream().map(UpstreamPeer::new).filter(UpstreamPeer::complete).findFirst();
    }

    /** True when an absent peer must fail the run rather than skip what needs it. */
    public static boolean required() {
        return "true".equals(System.getenv(REQUIRE_VARIABLE));
    }

    /** What a user sees when the peer is absent: where it was looked for and how to get it. */
    public static String absence() {
        return "upstream peer not found (looked in " + candidates() + "): set " + LOCATION_VARIABLE
                + " to a copy of upstream-peer/ (running-process 4.5.5's handoff code as binaries; its build.sh"
                + " rebuilds bin/ offline from Debian's crates) to run the interoperability checks";
    }

    static List<Path> candidates() {
        String configured = System.getenv(LOCATION_VARIABLE);
        if (configured != null && !configured.isBlank()) {
            return List.of(Path.of(configured).toAbsolutePath().normalize());
        }
        List<Path> found = new ArrayList<>();
        Path dir = Path.of("").toAbsolutePath();
        for (int up = 0; up < 3 && dir != null; up++, dir = dir.getParent()) {
            found.add(dir.resolve(DEFAULT_RELATIVE).normalize());
        }
        return found;
    }

    private boolean complete() {
        return List.of(backend(), broker(), vectors(), codecBench()).stream().allMatch(Files::isExecutable);
    }
}
