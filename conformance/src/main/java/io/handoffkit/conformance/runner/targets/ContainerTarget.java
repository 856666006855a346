package io.handoffkit.conformance.runner.targets;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.InspectContainerResponse;
import io.handoffkit.conformance.runner.model.Durations;
import io.handoffkit.conformance.runner.model.Endpoint;
import io.handoffkit.conformance.runner.model.Endpoints;
import io.handoffkit.conformance.runner.model.Errors;
import io.handoffkit.conformance.runner.model.PrintedLine;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.testcontainers.containers.BindMode;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.output.OutputFrame.OutputType;
import org.testcontainers.utility.DockerImageName;

/**
 * An implementation shipped as a container image: {@code --target container --image IMAGE [--cmd '... {socket}']}.
 * Per start the runner creates a temporary directory and bind-mounts it at {@value #MOUNT}, starts
 * the image with Testcontainers with network mode {@code none}, as the runner's own uid:gid (so
 * the sockets the implementation creates there are the runner's to connect to), with each
 * endpoint's placeholder ({@code {socket}}, ...) and {@code {dir}} in the command's words rewritten
 * to the paths inside the container (each path is also in its variable, {@code HANDOFF_KIT_SOCKET},
 * ...); without {@code --cmd} the image's own command runs. It waits (bounded) until the endpoints
 * the implementation listens on accept connections: descriptors then cross the container
 * boundary over them (one kernel). When done it stops the container (SIGTERM, then SIGKILL after a
 * grace period), keeps its logs for the report and removes it. Nothing is ever pulled.
 */
public final class ContainerTarget implements Target {

    /** Where the socket directory is inside the container. */
    static final String MOUNT = "/handoff";
    /** On every container the runner starts, so a check can find any left behind. */
    public static final String LABEL = "io.handoffkit.runner";

    private final String image;
    private final Optional<List<String>> words;
    private final Duration startupTimeout;
    private final TargetOutput output = new TargetOutput();
    private int starts;

    /** @param command the container's command (its entrypoint stays), or null for the image's own */
    public ContainerTarget(String image, String command, Duration startupTimeout) {
        if (image == null || image.isBlank()) {
            throw new IllegalArgumentException("--target container needs --image IMAGE");
        }
        this.image = image;
        this.words = Optional.ofNullable(command).map(ExecTarget::split);
        this.startupTimeout = startupTimeout;
    }

    @Override
    public String describe() {
        return "container: " + image + words.map(w -> " with command " + String.join(" ", w)).orElse("") + " (network none)";
    }

    @Override
    public String output() {
        return output.text();
    }

    @Override
    public List<PrintedLine> printed() {
        return output.lines();
    }

    @Override
    public RunningTarget start(List<Endpoint> endpoints) throws TargetException {
        DockerClient docker = ContainerEngine.client();
        ContainerEngine.requireImage(docker, image);
        Path dir = SocketWait.tempDir();
        Endpoints outside = RunnerSockets.in(dir, endpoints);
        Endpoints inside = Endpoints.in(Path.of(MOUNT), endpoints);
        int run;
        synchronized (this) {
            run = ++starts;
        }
        String user;
        try {
            user = Files.getAttribute(dir, "unix:uid") + ":" + Files.getAttribute(dir, "unix:gid");
        } catch (IOException | UnsupportedOperationException e) {
            RunnerSockets.close(outside);
            SocketWait.deleteTree(dir);
            throw new TargetException("cannot read the owner of " + dir + ": " + e.getMessage(), e);
        }
        GenericContainer<?> container = new GenericContainer<>(DockerImageName.parse(image))
                .withImagePullPolicy(name -> false)
                .withNetworkMode("none")
                .withFileSystemBind(dir.toString(), MOUNT, BindMode.READ_WRITE)
                .withEnv(ExecTarget.environment(inside))
                .withLabel(LABEL, "implementation")
                .withCreateContainerCmdModifier(cmd -> cmd.withUser(user))
                .withStartupTimeout(startupTimeout);
        words.ifPresent(w -> container.withCommand(ExecTarget.placed(w, inside, MOUNT).toArray(String[]::new)));
        Running running = new Running(docker, container, dir, outside.seenAs(inside), run);
        StartedTargets.started(running);
        try {
            container.start();
            SocketWait.await(running.endpoints(), startupTimeout, running::exited);
        } catch (RuntimeException e) {
            running.close();
            throw new TargetException("the container did not start: " + Errors.message(e) + output.lastLines(), e);
        } catch (TargetException e) {
            running.close();
            throw new TargetException(e.getMessage() + output.lastLines(), e);
        }
        return running;
    }

    private final class Running implements RunningTarget {
        private final DockerClient docker;
        private final GenericContainer<?> container;
        private final Path dir;
        private final Endpoints outside;
        private final int run;
        private boolean closed;

        Running(DockerClient docker, GenericContainer<?> container, Path dir, Endpoints outside, int run) {
            this.docker = docker;
            this.container = container;
            this.dir = dir;
            this.outside = outside;
            this.run = run;
        }

        @Override
        public Endpoints endpoints() {
            return outside;
        }

        @Override
        public Optional<String> exited() {
            String id = container.getContainerId();
            if (id == null) {
                return Optional.empty();
            }
            try {
                InspectContainerResponse.ContainerState state = docker.inspectContainerCmd(id).exec().getState();
                return Boolean.TRUE.equals(state.getRunning()) ? Optional.empty() : Optional.of("exited with code " + state.getExitCodeLong());
            } catch (RuntimeException e) { // the engine went away, or the container was removed behind the runner's back
                return Optional.of("cannot be inspected any more (" + Errors.message(e) + ")");
            }
        }

        @Override
        public synchronized void close() {
            if (closed) {
                return;
            }
            closed = true;
            String id = container.getContainerId();
            String what = image + " " + id;
            if (id == null) {
                output.add(run, image, "", "", "no container was created");
            } else {
                String how = stop(id);
                output.add(run, what, logs(OutputType.STDOUT), logs(OutputType.STDERR), how + "; removed");
            }
            container.stop(); // removes it
            RunnerSockets.close(outside);
            SocketWait.deleteTree(dir);
            StartedTargets.stopped(this);
        }

        private String stop(String id) {
            try {
                Optional<String> ended = exited();
                if (ended.isPresent()) {
                    return "it had " + ended.get();
                }
                long t0 = System.nanoTime();
                docker.stopContainerCmd(id).withTimeout((int) ExecTarget.STOP_GRACE.toSeconds()).exec(); // SIGTERM, then SIGKILL
                boolean graceful = System.nanoTime() - t0 < ExecTarget.STOP_GRACE.toNanos();
                String code = exited().map(e -> e.replace("exited with ", "")).orElse("still running");
                return graceful ? "stopped with SIGTERM (" + code + ")"
                        : "did not stop within " + Durations.format(ExecTarget.STOP_GRACE) + " of SIGTERM: killed with SIGKILL (" + code + ")";
            } catch (RuntimeException e) {
                return "stopping it failed: " + Errors.message(e);
            }
        }

        private String logs(OutputType type) {
            try {
                return container.getLogs(type);
            } catch (RuntimeException e) {
                return "(logs unavailable: " + Errors.message(e) + ")";
            }
        }
    }
}
