package io.handoffkit.profile;

import java.util.Arrays;
import java.util.Optional;

/**
 * The upstream releases a verdict is judged against (SPEC "Profiles"). The wire format, the proto,
 * framing, envelope validation, the check orders, the token store, the ACK registry and the
 * orchestration are the same in both; 4.6.2 changed how the broker bounds its handoff I/O and how
 * it classifies a short descriptor send.
 */
public enum Profile {

    /** Releases 4.5.5 to 4.6.1: one receive timeout per ACK read (ACK-9); a short send is a failed send (ORCH-6). */
    V4_5_5("4.5.5", "4.5.5 to 4.6.1"),

    /** Releases 4.6.2 to 4.8.3: ACK reads under one absolute deadline (ACK-7); a short send is indeterminate (ORCH-4). */
    V4_6_2("4.6.2", "4.6.2 to 4.8.3");

    /** What the spec describes unless told otherwise. */
    public static final Profile DEFAULT = V4_6_2;

    private final String id;
    private final String releases;

    Profile(String id, String releases) {
        this.id = id;
        this.releases = releases;
    }

    /** The name used on the command line and in reports: {@code 4.5.5} or {@code 4.6.2}. */
    public String id() {
        return id;
    }

    /** The upstream releases this profile covers. */
    public String releases() {
        return releases;
    }

    /** ACK-7: the broker's ACK read ends at one absolute deadline, however the bytes trickle. */
    public boolean boundsAckReadsByDeadline() {
        return this == V4_6_2;
    }

    /** ORCH-4: 0 &lt; sent &lt; 16 may already have passed the descriptor (4.5.5 reports a plain failed send, ORCH-6). */
    public boolean shortSendMayHavePassedDescriptor() {
        return this == V4_6_2;
    }

    public static Optional<Profile> of(String id) {
        return Arrays.stream(values()).filter(p -> p.id.equals(id)).findFirst();
    }

    @Override
    public String toString() {
        return id;
    }
}
