package io.handoffkit.conformance.runner.drive;

import java.security.SecureRandom;

/** Fresh random bytes: tokens no implementation has seen, and probe bytes nobody could guess. */
public final class Fresh {

    private static final SecureRandom RANDOM = new SecureRandom();

    private Fresh() {}

    /** 16 fresh random token bytes: every exchange of a run uses a token the implementation has never seen. */
    public static byte[] token() {
        return bytes(16);
    }

    public static byte[] bytes(int n) {
        byte[] b = new byte[n];
        RANDOM.nextBytes(b);
        return b;
    }
}
