package io.handoffkit.conformance.runner.targets;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.NotFoundException;
import io.handoffkit.conformance.runner.model.Errors;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.testcontainers.DockerClientFactory;

/**
 * The Docker engine the container target talks to, through Testcontainers. The kit never pulls:
 * Testcontainers' Ryuk and its startup checks would each pull an image, so both must be off, and
 * an image must already be in the local engine.
 */
public final class ContainerEngine {

    /** Environment Testcontainers reads only from the environment (or ~/.testcontainers.properties). */
    public static final List<String> REQUIRED_ENVIRONMENT = List.of("TESTCONTAINERS_RYUK_DISABLED", "TESTCONTAINERS_CHECKS_DISABLE");

    /** How to start an engine on a machine that has Debian's docker.io but no engine running. */
    public static final String HOW_TO_START = "start one (as root): dockerd --bridge=none --iptables=false --ip-masq=false &"
            + " (Debian: apt-get install docker.io), or point DOCKER_HOST at one";

    private ContainerEngine() {}

    /** Why no container can be started here, or empty when an engine answers and the settings are right. */
    public static Optional<String> unavailable() {
        for (String name : REQUIRED_ENVIRONMENT) {
            if (!"true".equalsIgnoreCase(System.getenv(name))) {
                return Optional.of(name + "=true is not set: without it Testcontainers pulls images of its own, and the kit never pulls"
                        + " (the ./handoff-kit launcher and the kit's image set it)");
            }
        }
        if (Files.exists(Path.of("/.dockerenv")) && System.getenv("TESTCONTAINERS_HOST_OVERRIDE") == null) {
            // inside a container Testcontainers looks up the engine's "bridge" network, which an engine without one lacks
            return Optional.of("this process runs in a container (/.dockerenv): set TESTCONTAINERS_HOST_OVERRIDE=localhost"
                    + " (the ./handoff-kit launcher and the kit's image set it)");
        }
        try {
            if (DockerClientFactory.instance().isDockerAvailable()) {
                return Optional.empty();
            }
            return Optional.of("no Docker engine answers: " + HOW_TO_START);
        } catch (RuntimeException e) {
            return Optional.of("the Docker engine cannot be used: " + Errors.message(e));
        }
    }

    /** The engine's client; a setup error when there is none. */
    static DockerClient client() throws TargetException {
        Optional<String> why = unavailable();
        if (why.isPresent()) {
            throw new TargetException(why.get());
        }
        return DockerClientFactory.instance().client();
    }

    /** A setup error unless {@code image} is already in the local engine: the kit never pulls. */
    static void requireImage(DockerClient docker, String image) throws TargetException {
        try {
            docker.inspectImageCmd(image).exec();
        } catch (NotFoundException e) {
            throw new TargetException("image " + image + " is not in the local Docker engine, and the kit never pulls: build it"
                    + " (docker build -t " + image + " .) or load it (docker load -i image.tar) first; the kit's own images:"
                    + " ci/images/build");
        }
    }
}
