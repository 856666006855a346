package io.handoffkit.cli;

import io.handoffkit.conformance.verdict.Role;
import java.util.Arrays;
import java.util.Collection;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * What {@code verdict} is told besides the bytes, as an option and as a JSON-lines key, and which
 * roles cannot be judged without it: without the offered token and correlation id a broker's ACK
 * check would compare against made-up values and report a misleading rejection.
 */
enum VerdictInput {
    TOKEN("--token", "token_hex", EnumSet.of(Role.BROKER_ACK, Role.CLIENT_RELAY)),
    CORRELATION("--correlation", "correlation_id", EnumSet.of(Role.BROKER_ACK)),
    EXPECTED_TOKEN("--expected-token", "expected_token_hex", EnumSet.noneOf(Role.class)),
    EXPECTED_TOKEN_STATE("--expected-token-state", "expected_token_state", EnumSet.noneOf(Role.class)),
    DEADLINE_PASSED("--deadline-passed", "deadline_passed", EnumSet.noneOf(Role.class));

    /** The keys of a JSON-lines request that are not inputs of a role. */
    static final List<String> REQUEST_KEYS = List.of("id", "role", "hex", "profile");

    final String option;
    final String key;
    private final Set<Role> neededBy;

    VerdictInput(String option, String key, Set<Role> neededBy) {
        this.option = option;
        this.key = key;
        this.neededBy = neededBy;
    }

    /** Every key a JSON-lines request may have. */
    static List<String> keys() {
        return Stream.concat(REQUEST_KEYS.stream(), Arrays.stream(values()).map(i -> i.key)).toList();
    }

    /** Why {@code role} cannot be judged with only {@code given}, naming what is missing as {@code name} writes it; empty when it can. */
    static Optional<String> missing(Role role, Collection<VerdictInput> given, Function<VerdictInput, String> name) {
        List<String> missing = Arrays.stream(values()).filter(i -> i.neededBy.contains(role) && !given.contains(i)).map(name).toList();
        return missing.isEmpty() ? Optional.empty() : Optional.of(role.id() + " needs " + joined(missing));
    }

    private static String joined(List<String> words) {
        return words.size() == 1 ? words.get(0)
                : words.subList(0, words.size() - 1).stream().collect(Collectors.joining(", ")) + " and " + words.get(words.size() - 1);
    }
}
