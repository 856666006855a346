package io.handoffkit.conformance.runner.model;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * The three roles of the handoff protocol: the role an implementation under test plays (one suite
 * per role, {@code run --role}), and the parts the runner plays against it (its drivers).
 *
 * <table>
 * <caption>What the runner plays, and the endpoints of a target, per role under test</caption>
 * <tr><th>role under test</th><th>the runner plays</th><th>endpoints of the target</th></tr>
 * <tr><td>backend</td><td>broker (and the client end of the passed connection)</td><td>{@code socket}: the handoff socket</td></tr>
 * <tr><td>broker</td><td>client + backend</td><td>{@code socket}: client-facing; {@code backend}: the handoff endpoint (the runner listens)</td></tr>
 * <tr><td>client</td><td>broker + backend pipe</td><td>{@code socket}: the broker socket the client dials; {@code backend}: the backend pipe (the runner listens on both)</td></tr>
 * </table>
 */
public enum ProtocolRole {
    BACKEND, BROKER, CLIENT;

    /** The name on the command line ({@code --role backend}). */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<ProtocolRole> byId(String id) {
        return Arrays.stream(values()).filter(r -> r.id().equalsIgnoreCase(id.strip())).findFirst();
    }
}
