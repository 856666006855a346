package io.handoffkit.conformance.runner;

import io.handoffkit.conformance.runner.faulty.Fault;
import io.handoffkit.conformance.runner.faulty.MiniBackend;
import io.handoffkit.conformance.runner.faulty.MiniBackendMain;
import io.handoffkit.conformance.runner.model.CaseResult;
import io.handoffkit.conformance.runner.model.RunOptions;
import io.handoffkit.conformance.runner.model.RunResult;
import io.handoffkit.conformance.runner.model.Timing;
import io.handoffkit.conformance.runner.targets.InProcessTarget;
import io.handoffkit.conformance.runner.targets.Target;
import java.time.Duration;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/** What the self-validation tests share: the faulty backends as targets, and the run settings. */
public final class SelfValidation {

    /** The faulty backends' offer deadline, and the idle bound that goes with it. */
    public static final Duration OFFER_DEADLINE = Duration.ofMillis(200);
    public static final Timing TIMING = Timing.DEFAULTS.withIdleBound(Duration.ofMillis(600))
            .withAckTimeout(Duration.ofSeconds(2)).withCloseBound(Duration.ofMillis(500));
    /** A fixed seed and few tries: every try of a defect property carries its defect, so a few suffice. */
    public static final RunOptions OPTIONS = RunOptions.defaults().withTiming(TIMING).withTries(12).withSeed(20261128L)
            .withShrinkBudget(60, Duration.ofSeconds(2));

    private SelfValidation() {}

    public static Target inProcess(Fault fault) {
        return new InProcessTarget("in-process faulty backend " + fault, socket -> MiniBackend.start(socket, fault, OFFER_DEADLINE));
    }

    public static String execFaulty(Fault fault) {
        return JavaCommand.of(MiniBackendMain.class.getName(), "--socket {socket} --fault " + fault + " --offer-deadline-ms " + OFFER_DEADLINE.toMillis());
    }

    public static Set<String> failing(RunResult r) {
        return r.results().stream().filter(CaseResult::failed).map(c -> c.definition().id()).collect(Collectors.toCollection(TreeSet::new));
    }

    public static String explain(RunResult r) {
        StringBuilder b = new StringBuilder();
        r.results().stream().filter(CaseResult::failed)
                .forEach(c -> b.append("\n  ").append(c.definition().id()).append(": ").append(c.message().lines().findFirst().orElse("")));
        r.notes().forEach(n -> b.append("\n  note: ").append(n));
        return b.toString();
    }
}
