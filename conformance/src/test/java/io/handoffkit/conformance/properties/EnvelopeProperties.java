package io.handoffkit.conformance.properties;

import static io.handoffkit.conformance.properties.Suite.SUT;
import static io.handoffkit.conformance.properties.Suite.check;

import io.handoffkit.conformance.Proves;
import io.handoffkit.conformance.property.gen.Defect;
import io.handoffkit.conformance.property.suite.HandoffProperties;
import io.handoffkit.conformance.verdict.Role;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** SPEC "Envelope": the shared envelope check, in its fixed order, for each of the three roles. */
@DisplayName("Envelope (ENV)")
class EnvelopeProperties {

    @ParameterizedTest(name = "{0}")
    @EnumSource(Role.class)
    @DisplayName("ENV-1 an envelope_version other than 1 is rejected as ENVELOPE_VERSION")
    @Proves("ENV-1")
    void envelopeVersion(Role role) {
        check(HandoffProperties.defect(role, Defect.ENVELOPE_VERSION, SUT));
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Role.class)
    @DisplayName("ENV-2 a wrong kind (every other known kind, unknown values) is rejected as KIND")
    @Proves("ENV-2")
    void kind(Role role) {
        check(HandoffProperties.defect(role, Defect.KIND, SUT));
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Role.class)
    @DisplayName("ENV-3 a payload_protocol other than 0xD0FF is rejected as PAYLOAD_PROTOCOL")
    @Proves("ENV-3")
    void payloadProtocol(Role role) {
        check(HandoffProperties.defect(role, Defect.PAYLOAD_PROTOCOL, SUT));
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Role.class)
    @DisplayName("ENV-4 any payload_encoding but NONE (known or unknown) is rejected as COMPRESSED")
    @Proves("ENV-4")
    void compression(Role role) {
        check(HandoffProperties.defect(role, Defect.COMPRESSION, SUT));
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Role.class)
    @DisplayName("ENV-5 with two envelope defects the earlier check (version, kind, protocol, encoding) wins")
    @Proves("ENV-5")
    void firstFailureWins(Role role) {
        check(HandoffProperties.ordering("ENV-5 envelope order", role, Defect.envelopeOrder(), SUT));
    }
}
