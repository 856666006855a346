package io.handoffkit.conformance.runner.drive;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.newsclub.net.unix.AFUNIXSocket;

/**
 * Whether the process at the other end of a connection runs in the runner's pid namespace. Only
 * then does the kernel report the runner's process id to it as the runner knows it (a broker in a
 * container gets 0 for a runner outside), which is what a Hello's {@code peer_pid} is checked
 * against (HELLO-9).
 */
public final class PidNamespaces {

    private PidNamespaces() {}

    /** Empty when the runner cannot tell: no peer credentials, no {@code /proc} (not Linux), or no access to the peer's. */
    public static Optional<Boolean> sharedWithPeer(AFUNIXSocket socket) {
        try {
            long pid = socket.getPeerCredentials().getPid();
            if (pid <= 0) {
                return Optional.empty();
            }
            Path own = Files.readSymbolicLink(Path.of("/proc/self/ns/pid"));
            Path peer = Files.readSymbolicLink(Path.of("/proc", Long.toString(pid), "ns", "pid"));
            return Optional.of(own.equals(peer));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }
}
