package io.handoffkit.examples;

import io.handoffkit.transport.unix.UnixHandoffBackend;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Locale;

/** A backend that adopts handed-off client connections and answers every line in upper case. */
public final class BackendExample {

    private BackendExample() {}

    public static UnixHandoffBackend start(Path handoffSocket) throws IOException {
        return UnixHandoffBackend.builder(handoffSocket)
                .serviceHandler(connection -> {
                    // the very connection the client opened to the broker; the backend closes it when this returns
                    var in = new BufferedReader(new InputStreamReader(connection.socket().getInputStream(), StandardCharsets.UTF_8));
                    var out = new PrintStream(connection.socket().getOutputStream(), true, StandardCharsets.UTF_8);
                    for (String line; (line = in.readLine()) != null; ) {
                        out.println(line.toUpperCase(Locale.ROOT));
                    }
                })
                .start();
    }

    public static void main(String[] args) throws Exception {
        try (UnixHandoffBackend backend = start(Path.of(args[0]))) {
            System.out.println("adopting handed-off connections on " + backend.socketPath());
            Thread.currentThread().join();
        }
    }
}
