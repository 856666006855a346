package io.handoffkit.conformance.runner.faulty;

import java.util.Set;

/**
 * The catalogue of deliberately faulty backends: each violates exactly one requirement of SPEC.md
 * and nothing else. {@link #designated} is the case that must fail for it; {@link #failing} is
 * every case that fails for it (the self-validation matrix, pinned by {@code FaultyBackendsTest}).
 */
public enum Fault implements Flaw.Catalogued {

    NONE("no fault: the profile done right", "", Set.of()),

    ACCEPTS_MISMATCHED_TOKEN("accepts a presented token that differs from the sideband token", "TOKEN-4",
            Set.of("handoff/TOKEN-4/1", "handoff/TOKEN-4/p1")),

    NO_CORRELATION_ECHO("answers with correlation_id 0 instead of echoing the offer's", "OFFER-6",
            Set.of("handoff/OFFER-6/1", "handoff/OFFER-6/3", "handoff/OFFER-6/4", "handoff/OFFER-6/5", "handoff/OFFER-6/6",
                    "handoff/OFFER-6/7", "handoff/OFFER-6/8", "handoff/OFFER-6/9")),

    ECHOES_SIDEBAND_TOKEN("echoes the sideband token in the ACK instead of the token the offer presented", "OFFER-6",
            Set.of("handoff/OFFER-6/5", "handoff/OFFER-6/6", "handoff/OFFER-6/7", "handoff/OFFER-6/8")),

    IGNORES_KIND("skips the envelope's kind check", "ENV-2",
            Set.of("handoff/ENV-2/1", "handoff/ENV-2/2", "handoff/ENV-2/p1")),

    ACCEPTS_COMPRESSED("skips the envelope's compression check", "ENV-4",
            Set.of("handoff/ENV-4/1", "handoff/ENV-4/2", "handoff/ENV-4/p1")),

    SKIPS_CORRELATION_CHECK("does not compare the frame's request_id with the offer's correlation_id", "OFFER-2",
            Set.of("handoff/OFFER-2/1", "handoff/OFFER-2/p1", "handoff/OFFER-1/2")),

    LEAKS_AFTER_REFUSAL("keeps the descriptor of a refused handoff open", "OFFER-7",
            Set.of("handoff/OFFER-7/1", "handoff/OFFER-7/2", "handoff/OFFER-7/3", "handoff/OFFER-7/4", "handoff/OFFER-7/5")),

    SHUTS_DOWN_AFTER_MALFORMED("closes the descriptor of a malformed offer with shutdown, killing the broker's connection", "OFFER-3",
            offer3()),

    CRASHES_ON_TRUNCATED_FRAME("stops serving when an offer ends early", "PROFILE-5",
            Set.of("handoff/PROFILE-5/5", "handoff/PROFILE-5/6", "handoff/PROFILE-5/29", "handoff/FRAME-6/p1")),

    ADOPTS_BEFORE_TOKEN_CHECK("adopts the connection before judging the token, and keeps serving it after a refusal", "OFFER-7",
            Set.of("handoff/OFFER-7/1", "handoff/OFFER-7/2", "handoff/OFFER-7/3", "handoff/OFFER-7/4", "handoff/OFFER-7/5")),

    NEVER_TIMES_OUT("waits forever for an incomplete handoff", "PROFILE-6",
            Set.of("handoff/PROFILE-6/1", "handoff/PROFILE-6/2", "handoff/PROFILE-6/3", "handoff/PROFILE-6/4")),

    REUSES_CONSUMED_TOKEN("forgets a token once it is consumed, so a replay registers it again", "PROFILE-3",
            Set.of("handoff/TOKEN-5/1", "handoff/PROFILE-3/1", "handoff/TOKEN-2/p1")),

    TAKES_FIRST_OF_SEVERAL_DESCRIPTORS("uses the first of several descriptors and ignores the rest (upstream's helper)", "PROFILE-2",
            Set.of("handoff/PROFILE-2/1")),

    LEAKS_ON_SHORT_SIDEBAND("keeps the descriptor when fewer than 16 sideband bytes arrive (upstream's helper)", "PROFILE-2",
            Set.of("handoff/PROFILE-2/4")),

    NEVER_ADOPTS("accepts, then closes the connection instead of serving it", "PROFILE-4",
            Set.of("handoff/PROFILE-4/1", "handoff/PROFILE-4/2")),

    HELLO_CAP_FOR_OFFERS("applies the 64 KiB Hello cap to offers", "FRAME-3",
            Set.of("handoff/FRAME-3/1")),

    TRICKLE_EXTENDS_DEADLINE("bounds each read instead of the whole handoff, so a trickle keeps it open", "PROFILE-6",
            Set.of("handoff/PROFILE-6/3")),

    REJECTS_GROUPS("rejects every protobuf group as undecodable, well-formed unknown groups included", "DEC-3",
            Set.of("handoff/DEC-3/2", "handoff/DEC-3/3"));

    private final Flaw flaw;

    Fault(String description, String requirement, Set<String> failing) {
        this.flaw = new Flaw(description, requirement, failing);
    }

    @Override
    public Flaw flaw() {
        return flaw;
    }

    /** The case named after its requirement that must fail (the lowest-numbered one). */
    public String designated() {
        return failing().stream().filter(id -> id.startsWith("handoff/" + requirement() + "/") && !id.endsWith("p1"))
                .min(java.util.Comparator.comparingInt(id -> Integer.parseInt(id.substring(id.lastIndexOf('/') + 1))))
                .orElseThrow();
    }

    private static Set<String> offer3() {
        Set<String> ids = new java.util.TreeSet<>();
        for (int n = 1; n <= 24; n++) {
            ids.add("handoff/OFFER-3/" + n);
        }
        return Set.copyOf(ids);
    }
}
