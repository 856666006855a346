package io.handoffkit.conformance.runner.targets;

import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The container tests run where a Docker engine answers, and where {@code HANDOFF_KIT_REQUIRE_DOCKER=true}
 * (CI), so that there a missing engine fails them; elsewhere they are skipped, each with the reason
 * and how to start an engine.
 */
public final class ContainerEngineCondition implements ExecutionCondition {

    /** Surefire's summary counts skipped tests but does not show why: the reason is printed once, above it. */
    private static final AtomicBoolean TOLD = new AtomicBoolean();

    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        if ("true".equals(System.getenv("HANDOFF_KIT_REQUIRE_DOCKER"))) {
            return ConditionEvaluationResult.enabled("HANDOFF_KIT_REQUIRE_DOCKER=true: the container tests must run");
        }
        Optional<String> why = ContainerEngine.unavailable();
        if (why.isEmpty()) {
            return ConditionEvaluationResult.enabled("a Docker engine answers");
        }
        String reason = "container tests skipped: " + why.get();
        if (!TOLD.getAndSet(true)) {
            System.out.println("[WARNING] " + reason);
        }
        return ConditionEvaluationResult.disabled(reason);
    }
}
