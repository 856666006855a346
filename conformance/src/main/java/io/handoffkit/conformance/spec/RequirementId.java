package io.handoffkit.conformance.spec;

import static io.handoffkit.conformance.spec.Requirement.Level.MUST;
import static io.handoffkit.conformance.spec.Requirement.Level.SHOULD;

import java.util.Arrays;
import java.util.Optional;

/**
 * The requirements of SPEC.md as typed constants, so that a runner case cites a requirement the
 * compiler knows rather than a string: {@code OFFER_6} is {@code OFFER-6}. Each constant declares
 * the level its heading gives; {@code RequirementIdTest} holds every constant against SPEC.md (the
 * requirement exists there, at that level), and a case is built only when its constant's level is
 * the spec's. A requirement added to SPEC.md gets its constant here when a case first cites it.
 */
public enum RequirementId {

    FRAME_1(MUST), FRAME_2(MUST), FRAME_3(MUST), FRAME_4(MUST), FRAME_5(MUST), FRAME_6(MUST), FRAME_7(MUST), FRAME_8(MUST),
    FRAME_9(MUST), FRAME_10(MUST), FRAME_11(MUST),

    DEC_1(MUST), DEC_2(MUST), DEC_3(MUST), DEC_4(MUST), DEC_5(MUST), DEC_6(MUST), DEC_7(MUST), DEC_8(MUST), DEC_9(MUST), DEC_10(MUST),

    ENV_1(MUST), ENV_2(MUST), ENV_3(MUST), ENV_4(MUST), ENV_5(MUST),

    FRAMES_1(MUST), FRAMES_2(MUST), FRAMES_3(MUST), FRAMES_4(MUST),

    OFFER_1(MUST), OFFER_2(MUST), OFFER_3(MUST), OFFER_4(MUST), OFFER_5(MUST), OFFER_6(MUST), OFFER_7(MUST),

    TOKEN_1(MUST), TOKEN_2(MUST), TOKEN_3(MUST), TOKEN_4(MUST), TOKEN_5(MUST), TOKEN_6(MUST), TOKEN_7(MUST), TOKEN_8(SHOULD),

    ACK_1(MUST), ACK_2(MUST), ACK_3(MUST), ACK_4(MUST), ACK_5(MUST), ACK_6(MUST), ACK_7(MUST), ACK_8(MUST), ACK_9(MUST),

    RELAY_1(MUST), RELAY_2(MUST), RELAY_3(MUST), RELAY_4(MUST), RELAY_5(MUST), RELAY_6(MUST),

    REG_1(MUST), REG_2(MUST), REG_3(MUST), REG_4(MUST), REG_5(MUST), REG_6(MUST),

    ORCH_1(MUST), ORCH_2(MUST), ORCH_3(MUST), ORCH_4(MUST), ORCH_5(MUST), ORCH_6(MUST),

    POLICY_1(MUST), POLICY_2(MUST),

    HELLO_1(MUST), HELLO_2(MUST), HELLO_3(MUST), HELLO_4(MUST), HELLO_5(MUST), HELLO_6(MUST), HELLO_7(MUST), HELLO_8(MUST), HELLO_9(MUST),
    HELLO_10(MUST), HELLO_11(MUST), HELLO_12(MUST),

    NEG_1(MUST), NEG_2(MUST), NEG_3(MUST), NEG_4(MUST), NEG_5(MUST),

    BROKER_1(MUST), BROKER_2(MUST), BROKER_3(MUST), BROKER_4(MUST), BROKER_5(MUST), BROKER_6(MUST), BROKER_7(SHOULD), BROKER_8(MUST),

    CLIENT_1(MUST), CLIENT_2(MUST), CLIENT_3(MUST), CLIENT_4(MUST), CLIENT_5(MUST), CLIENT_6(MUST), CLIENT_7(MUST),

    PROFILE_1(MUST), PROFILE_2(MUST), PROFILE_3(MUST), PROFILE_4(MUST), PROFILE_5(MUST), PROFILE_6(SHOULD), PROFILE_7(SHOULD),

    BPROFILE_1(MUST), BPROFILE_2(MUST), BPROFILE_3(MUST), BPROFILE_4(SHOULD), BPROFILE_5(SHOULD),

    CPROFILE_1(MUST), CPROFILE_2(MUST), CPROFILE_3(MUST), CPROFILE_4(SHOULD);

    private final Requirement.Level level;

    RequirementId(Requirement.Level level) {
        this.level = level;
    }

    /** The ID as SPEC.md writes it: {@code OFFER-6}. */
    public String id() {
        return name().replace('_', '-');
    }

    /** The level SPEC.md's heading gives the requirement. */
    public Requirement.Level level() {
        return level;
    }

    public static Optional<RequirementId> of(String id) {
        return Arrays.stream(values()).filter(r -> r.id().equals(id)).findFirst();
    }

    @Override
    public String toString() {
        return id();
    }
}
