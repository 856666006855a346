package io.handoffkit.conformance.runner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.handoffkit.conformance.runner.model.Endpoint;
import io.handoffkit.conformance.runner.model.Endpoints;
import io.handoffkit.conformance.runner.model.RunOptions;
import io.handoffkit.conformance.runner.model.RunResult;
import io.handoffkit.conformance.runner.model.Timing;
import io.handoffkit.conformance.runner.suite.backend.BackendSuite;
import io.handoffkit.conformance.runner.targets.RunningTarget;
import io.handoffkit.conformance.runner.targets.Target;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 14 item 9: the note on an implementation that stopped serving says how its process ended once. */
class StoppedServingNoteTest {

    /** An implementation whose process has exited with code 3 by the time anything looks at it. */
    private record ExitedTarget(Path dir) implements Target {
        @Override
        public String describe() {
            return "a process that exited";
        }

        @Override
        public RunningTarget start(List<Endpoint> endpoints) {
            Endpoints at = Endpoints.in(dir, endpoints);
            return new RunningTarget() {
                @Override
                public Endpoints endpoints() {
                    return at;
                }

                @Override
                public Optional<String> exited() {
                    return Optional.of("exited with code 3");
                }

                @Override
                public void close() {}
            };
        }

        @Override
        public boolean restartable() {
            return false;
        }
    }

    @Test
    @DisplayName("'its process exited with code 3' appears once in the note, not as '(its process exited with code 3): its process exited with code 3'")
    void exitSaidOnce(@TempDir Path dir) throws Exception {
        RunOptions options = RunOptions.defaults().withOnlyCase("handoff/PROFILE-1/1")
                .withTiming(Timing.DEFAULTS.withAckTimeout(Duration.ofMillis(200)).withCloseBound(Duration.ofMillis(200)));
        RunResult result = new ConformanceRunner(BackendSuite.SUITE, new ExitedTarget(dir), options).run();
        String note = result.notes().stream().filter(n -> n.contains("stopped serving")).findFirst().orElseThrow(() ->
                new AssertionError("no note: " + result.notes()));
        assertEquals(1, note.split("exited with code 3", -1).length - 1, note);
        assertFalse(note.contains("(its process"), note);
    }
}
