package io.handoffkit.broker;

import io.handoffkit.ack.BackendIdentity;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Whether a handoff is attempted at all (POLICY-1, POLICY-2): the client must
 * advertise handle passing, the service must not be disabled, and the backend
 * must not have failed too often lately. Times are passed in (clock nanos).
 * Thread-safe: shared by every handoff of a broker.
 */
public final class FallbackPolicy {

    private final FailureRateLimit limit;
    private final Set<String> disabledServices = new HashSet<>();
    /** backend -> instants (nanos) of its recent failures, oldest first */
    private final Map<BackendIdentity, Deque<Long>> failures = new HashMap<>();

    public FallbackPolicy(FailureRateLimit limit) {
        this.limit = Objects.requireNonNull(limit, "limit");
    }

    public FallbackPolicy() {
        this(FailureRateLimit.defaults());
    }

    public FailureRateLimit limit() {
        return limit;
    }

    public synchronized void disable(String service) {
        disabledServices.add(service);
    }

    public synchronized void enable(String service) {
        disabledServices.remove(service);
    }

    /** Empty when the handoff may be attempted; otherwise the fallback to record instead (at stage ADMIT). */
    public synchronized Optional<Fallback> admit(HandoffRequest request, long now) {
        if (!request.clientAdvertisedHandlePassing()) {
            return Optional.of(Fallback.atAdmission(FallbackReason.CLIENT_NO_HANDLE_PASSING,
                    "client did not advertise handle passing (capability bit 0)"));
        }
        if (disabledServices.contains(request.service())) {
            return Optional.of(Fallback.atAdmission(FallbackReason.SERVICE_POLICY_DISABLED,
                    "handoff is disabled for service '" + request.service() + "'"));
        }
        pruneLocked(now);
        Deque<Long> backendFailures = failures.get(request.backend());
        int recent = backendFailures == null ? 0 : backendFailures.size();
        if (recent >= limit.maxFailures()) {
            return Optional.of(Fallback.atAdmission(FallbackReason.RATE_LIMITED,
                    "backend '" + request.service() + "' (pid " + request.backendPid() + ") failed " + recent
                            + " handoffs within the last " + limit.window().toMillis() + " ms"));
        }
        return Optional.empty();
    }

    /**
     * Count one failed attempt against the backend, at {@code now}. Only attempts {@link #admit} let through fail,
     * and admission forgets what left the window, so nothing is held for longer than one attempt past it.
     */
    public synchronized void recordFailure(BackendIdentity backend, long now) {
        failures.computeIfAbsent(backend, b -> new ArrayDeque<>()).addLast(now);
    }

    /** Forget failures that left the window; a failure exactly one window old has left it. */
    private void pruneLocked(long now) {
        long window = limit.window().toNanos();
        failures.values().forEach(instants -> {
            while (!instants.isEmpty() && now - instants.peekFirst() >= window) {
                instants.removeFirst();
            }
        });
        // backends that stopped failing (or exited) must not accumulate
        failures.values().removeIf(Deque::isEmpty);
    }
}
