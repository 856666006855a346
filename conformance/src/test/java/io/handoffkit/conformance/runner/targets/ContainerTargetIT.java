package io.handoffkit.conformance.runner.targets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.github.dockerjava.api.DockerClient;
import io.handoffkit.cli.ExitCodes;
import io.handoffkit.conformance.runner.ConformanceRunner;
import io.handoffkit.conformance.runner.FaultyBrokersTest;
import io.handoffkit.conformance.runner.RunCommandTest;
import io.handoffkit.conformance.runner.SelfValidation;
import io.handoffkit.conformance.runner.faulty.Fault;
import io.handoffkit.conformance.runner.model.RunOptions;
import io.handoffkit.conformance.runner.model.RunResult;
import io.handoffkit.conformance.runner.suite.backend.BackendSection;
import io.handoffkit.conformance.runner.suite.backend.BackendSuite;
import io.handoffkit.conformance.runner.suite.broker.BrokerSuite;
import io.handoffkit.conformance.runner.suite.client.ClientSuite;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.BindMode;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.startupcheck.OneShotStartupCheckStrategy;
import org.testcontainers.utility.DockerImageName;

/**
 * The container target against images built here by {@code ci/images/build} (from the jar this
 * build just packaged): a real Docker engine, network mode none, descriptors across the container
 * boundary. Skipped, with how to start an engine, where none runs; {@code .ci/run} sets
 * {@code HANDOFF_KIT_REQUIRE_DOCKER=true} so that there a missing engine fails instead.
 */
@DisplayName("Runner target: container (images built here, network none)")
@ExtendWith(ContainerEngineCondition.class)
class ContainerTargetIT {

    private static final String TAG = System.getProperty("handoff.image.tag");
    private static final Duration STARTUP = Duration.ofSeconds(30);

    @BeforeAll
    static void engineAndImages() throws IOException, InterruptedException {
        // ContainerEngineCondition let the class run: an engine answers, or CI requires one
        ContainerEngine.unavailable().ifPresent(why -> fail("HANDOFF_KIT_REQUIRE_DOCKER=true but " + why));
        long t0 = System.nanoTime();
        Process build = new ProcessBuilder(System.getProperty("handoff.images.recipe"), "--jar", System.getProperty("handoff.kit.jar"),
                "--tag", TAG).inheritIO().start();
        assertEquals(0, build.waitFor(), "ci/images/build failed");
        System.out.printf("images built in %.1f s%n", (System.nanoTime() - t0) / 1e9);
    }

    static String image(String name) {
        return "handoff-kit/" + name + ":" + TAG;
    }

    static String image(Fault fault) {
        return image("faulty-backend-" + fault.name().toLowerCase(Locale.ROOT).replace('_', '-'));
    }

    @AfterEach
    void nothingLeftBehind() {
        DockerClient docker = DockerClientFactory.instance().client();
        assertEquals(List.of(), docker.listContainersCmd().withShowAll(true).withLabelFilter(List.of(ContainerTarget.LABEL)).exec(),
                "every container the runner started is removed");
    }

    @Test
    @DisplayName("the reference backend image passes every case, and its logs are in the report")
    void referenceImagePassesEveryCase() throws TargetException {
        ContainerTarget target = new ContainerTarget(image("reference-backend"), null, STARTUP);
        RunOptions options = SelfValidation.OPTIONS.withTiming(SelfValidation.TIMING.withIdleBound(Duration.ofSeconds(1)));
        RunResult r = new ConformanceRunner(BackendSuite.SUITE, target, options).run();
        System.out.printf("suite against the reference image: %d cases in %.1f s%n", r.results().size(), r.duration().toMillis() / 1000.0);
        assertEquals(BackendSuite.SUITE.cases().size(), r.results().size());
        assertEquals(Set.of(), SelfValidation.failing(r), SelfValidation.explain(r));
        assertTrue(r.targetOutput().contains("READY"), "the container's stdout is kept: " + r.targetOutput());
        assertTrue(r.targetOutput().contains("stopped with SIGTERM") && r.targetOutput().contains("removed"), r.targetOutput());
    }

    @Test
    @DisplayName("broker role: the reference broker image passes every broker case, dialling {backend} (bound by the runner"
            + " before the container starts) through the shared directory; --cmd placeholders become the paths inside")
    void referenceBrokerImagePassesEveryBrokerCase() throws TargetException {
        ContainerTarget target = new ContainerTarget(image("reference-broker"),
                "--socket {socket} --backend {backend} --ack-deadline " + FaultyBrokersTest.ACK_DEADLINE.toMillis() + "ms --hello-deadline "
                + FaultyBrokersTest.HELLO_DEADLINE.toMillis() + "ms", STARTUP);
        RunResult r = new ConformanceRunner(BrokerSuite.SUITE, target, FaultyBrokersTest.OPTIONS).run();
        System.out.printf("broker suite against the reference broker image: %d cases in %.1f s%n", r.results().size(), r.duration().toMillis() / 1000.0);
        assertEquals(BrokerSuite.SUITE.cases().size() - BrokerSuite.SUITE.outsideProfile(FaultyBrokersTest.OPTIONS).size(), r.results().size());
        assertEquals(Set.of(), SelfValidation.failing(r), SelfValidation.explain(r) + "\n" + r.targetOutput());
        assertTrue(r.targetOutput().contains("READY /handoff/broker.sock"), "{socket} became the path inside: " + r.targetOutput());
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = Fault.class, names = {"SHUTS_DOWN_AFTER_MALFORMED", "LEAKS_AFTER_REFUSAL", "CRASHES_ON_TRUNCATED_FRAME"})
    @DisplayName("each faulty backend image fails exactly its cases")
    void faultyImageFailsItsCases(Fault fault) throws TargetException {
        RunResult r = new ConformanceRunner(BackendSuite.SUITE, new ContainerTarget(image(fault), null, STARTUP), SelfValidation.OPTIONS).run();
        Set<String> failing = SelfValidation.failing(r);
        System.out.printf("container %-30s %5.1f s  fails %s%n", fault, r.duration().toMillis() / 1000.0, failing);
        assertTrue(failing.contains(fault.designated()), SelfValidation.explain(r));
        assertEquals(fault.failing(), failing, SelfValidation.explain(r));
        if (fault == Fault.CRASHES_ON_TRUNCATED_FRAME) {
            assertTrue(r.targetOutput().contains("crashing on purpose") && r.targetOutput().contains("exited with code 3"), r.targetOutput());
            assertTrue(r.notes().stream().anyMatch(n -> n.contains("started it again")), "a crashed container is replaced: " + r.notes());
        }
    }

    @Test
    @DisplayName("--cmd replaces the image's command, with {socket} rewritten to the path inside the container")
    void commandWithSocketPlaceholder() throws TargetException {
        ContainerTarget target = new ContainerTarget(image("reference-backend"), "--socket {socket} --offer-deadline-ms 250", STARTUP);
        RunResult r = new ConformanceRunner(BackendSuite.SUITE, target, SelfValidation.OPTIONS.withSections(EnumSet.of(BackendSection.TOKENS))).run();
        assertEquals(Set.of(), SelfValidation.failing(r), SelfValidation.explain(r));
        assertTrue(r.targetOutput().contains("/handoff/backend.sock"), r.targetOutput());
    }

    @Test
    @DisplayName("--role client: the reference client in the kit's image dials the runner; backend_pipe is sent as the path inside the container")
    void clientInTheKitImage() throws TargetException {
        ContainerTarget target = new ContainerTarget(image("kit"), "client --socket {socket} --relay-wait 1s", STARTUP);
        RunResult r = new ConformanceRunner(ClientSuite.SUITE, target, SelfValidation.OPTIONS).run();
        System.out.printf("client suite against the kit image's reference client: %d cases in %.1f s%n", r.results().size(),
                r.duration().toMillis() / 1000.0);
        assertEquals(Set.of(), SelfValidation.failing(r), SelfValidation.explain(r) + "\n" + r.targetOutput());
        assertTrue(r.targetOutput().contains("READY /handoff/broker.sock"), r.targetOutput());
    }

    @Test
    @DisplayName("an image that is not in the local engine is a setup error (exit 2) that says how to build or load it; nothing is pulled")
    void missingImageIsASetupError() {
        String absent = "handoff-kit/not-built-here:never";
        TargetException e = assertThrows(TargetException.class, () -> new ContainerTarget(absent, null, STARTUP).start(BackendSuite.SUITE.endpoints()));
        assertTrue(e.getMessage().contains("never pulls") && e.getMessage().contains("docker build") && e.getMessage().contains("docker load"),
                e.getMessage());
        RunCommandTest.Ran ran = RunCommandTest.run("run", "--color", "never", "--target", "container", "--image", absent);
        assertEquals(ExitCodes.USAGE, ran.exit(), ran.out());
        assertTrue(ran.out().contains("setup error: image " + absent), ran.out());
    }

    @Test
    @DisplayName("a container that exits before listening is a setup error with its logs")
    void containerDyingAtStart() {
        ContainerTarget target = new ContainerTarget(image("reference-backend"), "--no-such-option", STARTUP);
        TargetException e = assertThrows(TargetException.class, () -> target.start(BackendSuite.SUITE.endpoints()));
        assertTrue(e.getMessage().contains("--no-such-option"), e.getMessage());
    }

    @Test
    @DisplayName("the kit's own image checks a backend running in another container, over the shared socket directory")
    void kitImageAgainstBackendContainer() throws TargetException {
        ContainerTarget backend = new ContainerTarget(image("reference-backend"), null, STARTUP);
        try (RunningTarget running = backend.start(BackendSuite.SUITE.endpoints());
                GenericContainer<?> kit = new GenericContainer<>(DockerImageName.parse(image("kit")))
                        .withImagePullPolicy(name -> false)
                        .withNetworkMode("none")
                        .withFileSystemBind(running.endpoints().path(BackendSuite.SOCKET).getParent().toString(), "/handoff", BindMode.READ_WRITE)
                        .withLabel(ContainerTarget.LABEL, "kit")
                        .withCommand("run", "--socket", "/handoff/backend.sock", "--color", "never", "--section", "offers,tokens")
                        .withStartupCheckStrategy(new OneShotStartupCheckStrategy().withTimeout(Duration.ofSeconds(60)))) {
            kit.start(); // fails unless the kit exits 0
            String logs = kit.getLogs();
            assertTrue(logs.contains("PASS: every MUST case passed"), logs);
        }
    }
}
