package io.handoffkit.conformance.runner.model;

import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Where a started implementation's endpoints are: each endpoint of its role with its socket path,
 * and, for the runner's own endpoints, the socket the runner already listens on there (a target
 * binds them before it starts the implementation, which may need them to exist, and keeps them for
 * the whole run).
 */
public final class Endpoints {

    private final Map<String, Path> paths;
    private final List<Endpoint> endpoints;
    private final Map<String, ServerSocket> listening;
    private final Map<String, Path> seen;

    private Endpoints(List<Endpoint> endpoints, Map<String, Path> paths, Map<String, ServerSocket> listening, Map<String, Path> seen) {
        this.endpoints = List.copyOf(endpoints);
        this.paths = Map.copyOf(paths);
        this.listening = Map.copyOf(listening);
        this.seen = Map.copyOf(seen);
    }

    private Endpoints(List<Endpoint> endpoints, Map<String, Path> paths) {
        this(endpoints, paths, Map.of(), paths);
    }

    /** The same paths, with the runner listening on {@code listening} (by endpoint name). */
    public Endpoints listeningOn(Map<String, ServerSocket> listening) {
        return new Endpoints(endpoints, paths, listening, seen);
    }

    /** The socket the runner listens on at its own endpoint {@code name}, when a target bound it. */
    public Optional<ServerSocket> listening(String name) {
        return Optional.ofNullable(listening.get(name));
    }

    /** The endpoints the runner listens on. */
    public List<Endpoint> listenedByRunner() {
        return endpoints.stream().filter(e -> !e.implementationListens()).toList();
    }

    /**
     * The same endpoints, which the implementation sees at the paths of {@code inside} (a container's
     * mount): the runner sends a path the implementation must dial ({@code Negotiated.backend_pipe}) as it sees it.
     */
    public Endpoints seenAs(Endpoints inside) {
        return new Endpoints(endpoints, paths, listening, inside.paths);
    }

    /** Where the implementation sees the endpoint {@code name} (the runner's path unless {@link #seenAs} says otherwise). */
    public Path seenByImplementation(String name) {
        return Objects.requireNonNull(seen.get(name), () -> "no endpoint " + name + " here (" + seen.keySet() + ")");
    }

    /** Each endpoint at {@code paths.get(endpoint.name())}; every endpoint needs one. */
    public static Endpoints of(List<Endpoint> endpoints, Map<String, Path> paths) {
        Map<String, Path> byName = new LinkedHashMap<>();
        for (Endpoint e : endpoints) {
            Path p = paths.get(e.name());
            if (p == null) {
                throw new IllegalArgumentException("no path for the endpoint " + e.placeholder() + " (" + e.description() + ")");
            }
            byName.put(e.name(), p);
        }
        return new Endpoints(endpoints, byName);
    }

    /** Each endpoint at its file name in {@code dir} (exec, in process; a container's directory as mounted inside or outside). */
    public static Endpoints in(Path dir, List<Endpoint> endpoints) {
        Map<String, Path> byName = new LinkedHashMap<>();
        endpoints.forEach(e -> byName.put(e.name(), dir.resolve(e.fileName())));
        return new Endpoints(endpoints, byName);
    }

    public List<Endpoint> endpoints() {
        return endpoints;
    }

    public Path path(Endpoint endpoint) {
        return path(endpoint.name());
    }

    public Path path(String name) {
        return Objects.requireNonNull(paths.get(name), () -> "no endpoint " + name + " here (" + paths.keySet() + ")");
    }

    /** The endpoints the implementation listens on (a target waits for these). */
    public List<Endpoint> listenedByImplementation() {
        return endpoints.stream().filter(Endpoint::implementationListens).toList();
    }

    @Override
    public String toString() {
        StringBuilder b = new StringBuilder();
        endpoints.forEach(e -> b.append(b.length() == 0 ? "" : ", ").append(e.placeholder()).append(' ').append(paths.get(e.name())));
        return b.toString();
    }
}
