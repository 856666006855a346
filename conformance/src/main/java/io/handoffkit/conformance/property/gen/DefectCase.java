package io.handoffkit.conformance.property.gen;

import io.handoffkit.conformance.verdict.Role;
import io.handoffkit.conformance.verdict.RoleInputs;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A valid exchange and the same exchange with its defects: the bytes and
 * inputs before and after, the defects applied (in the role's check order)
 * and the verdict the role must give. {@link #describe()} prints it so it can
 * be saved as a vector.
 */
public record DefectCase(
        Role role,
        byte[] baselineWire,
        RoleInputs baselineInputs,
        byte[] wire,
        RoleInputs inputs,
        List<Defect.Applied> applied,
        Expectation expected,
        Set<String> traits) {

    public DefectCase {
        baselineWire = baselineWire.clone();
        wire = wire.clone();
        applied = List.copyOf(applied);
        traits = Set.copyOf(traits);
    }

    @Override
    public byte[] baselineWire() {
        return baselineWire.clone();
    }

    @Override
    public byte[] wire() {
        return wire.clone();
    }

    /** The defect whose verdict is expected (the first in check order). */
    public Defect.Applied decisive() {
        return applied.get(0);
    }

    public String describe() {
        HexFormat hex = HexFormat.of();
        return "role: " + role
                + "\ndefects: " + applied.stream().map(Defect.Applied::toString).collect(Collectors.joining(" + "))
                + "\nexpected: " + expected
                + "\nwire (" + wire.length + " bytes): " + clip(hex.formatHex(wire))
                + "\ninputs: " + describe(inputs)
                + "\nundamaged wire (" + baselineWire.length + " bytes): " + clip(hex.formatHex(baselineWire))
                + "\nundamaged inputs: " + describe(baselineInputs);
    }

    static String describe(RoleInputs in) {
        return "token=" + in.token().map(t -> t.toHex()).orElse("-")
                + " correlation_id=" + Long.toUnsignedString(in.correlationId())
                + " expected_token=" + in.expectedToken().map(t -> t.toHex()).orElse("-")
                + " expected_token_state=" + in.expectedTokenState().id()
                + " deadline_passed=" + in.deadlinePassed();
    }

    /** Long wires (kilobyte service names) are clipped in the middle; the shrunk ones are short anyway. */
    static String clip(String hex) {
        return hex.length() <= 4096 ? hex : hex.substring(0, 2000) + "...(" + (hex.length() / 2) + " bytes)..." + hex.substring(hex.length() - 2000);
    }
}
