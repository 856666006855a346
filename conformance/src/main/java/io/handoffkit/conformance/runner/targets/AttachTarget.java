package io.handoffkit.conformance.runner.targets;

import io.handoffkit.conformance.runner.model.Endpoint;
import io.handoffkit.conformance.runner.model.Endpoints;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * An implementation already running at given socket paths, one per endpoint of its role
 * ({@code --socket PATH}; a broker also {@code --backend PATH}, where the runner listens); the runner
 * cannot restart it.
 */
public final class AttachTarget implements Target {

    private final Map<String, Path> paths;
    private final Duration connectTimeout;

    /** @param paths each endpoint's socket path, by endpoint name ({@code socket}) */
    public AttachTarget(Map<String, Path> paths, Duration connectTimeout) {
        Map<String, Path> absolute = new LinkedHashMap<>();
        paths.forEach((name, path) -> absolute.put(name, path.toAbsolutePath()));
        this.paths = Map.copyOf(absolute);
        this.connectTimeout = connectTimeout;
    }

    @Override
    public String describe() {
        return "attach: the implementation at " + String.join(", ", paths.values().stream().map(Path::toString).sorted().toList());
    }

    @Override
    public boolean restartable() {
        return false;
    }

    @Override
    public RunningTarget start(List<Endpoint> endpoints) throws TargetException {
        for (Endpoint e : endpoints) {
            if (!paths.containsKey(e.name())) {
                throw new TargetException("attach needs " + e.option() + " PATH: " + e.description());
            }
        }
        for (String name : paths.keySet()) {
            if (endpoints.stream().noneMatch(e -> e.name().equals(name))) {
                throw new TargetException("--" + name + " names no endpoint of this role (its endpoints: "
                        + String.join(", ", endpoints.stream().map(Endpoint::option).toList()) + ")");
            }
        }
        Endpoints at = RunnerSockets.bind(Endpoints.of(endpoints, paths));
        try {
            SocketWait.await(at, connectTimeout, Optional::empty);
        } catch (TargetException e) {
            RunnerSockets.close(at);
            throw e;
        }
        return new RunningTarget() {
            @Override
            public Endpoints endpoints() {
                return at;
            }

            @Override
            public void close() {
                // the implementation is not ours to stop; the runner's own endpoints are
                RunnerSockets.close(at);
            }
        };
    }
}
