package io.handoffkit.transport.unix;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import org.newsclub.net.unix.AFUNIXSocket;

/**
 * The reference client as a client under test (SPEC.md Appendix C): one {@link ReferenceClient}
 * connect attempt per session, again and again until closed (CPROFILE-2); on the connection it ends
 * up with it writes the agreed probe and then echoes every byte until end of stream (CPROFILE-3).
 * An error of an attempt ends the session, never the loop.
 */
public final class ClientSessions implements AutoCloseable {

    /** The agreed probe (CPROFILE-3). */
    public static final byte[] PROBE = "handoff-kit probe\n".getBytes(StandardCharsets.US_ASCII);
    /** How soon a failed dial is tried again (CPROFILE-2: at least every 100 ms). */
    public static final Duration RETRY = Duration.ofMillis(20);

    /** One connect attempt of a client: the reference's {@link ReferenceClient#connect()}, or another client's. */
    @FunctionalInterface
    public interface Connector {
        ReferenceClient.Result connect();
    }

    private final Connector client;
    private final Thread loop;
    private final Map<String, LongAdder> outcomes = new ConcurrentHashMap<>();
    private volatile boolean closed;
    private volatile AFUNIXSocket current;

    private ClientSessions(Connector client) {
        this.client = client;
        this.loop = new Thread(this::run, "reference-client-sessions");
        loop.setDaemon(true);
    }

    /** Start the reference client's loop on its own thread. */
    public static ClientSessions start(ReferenceClient client) {
        return start((Connector) client::connect);
    }

    /** Start the loop of any client's connect attempts on its own thread. */
    public static ClientSessions start(Connector client) {
        ClientSessions sessions = new ClientSessions(client);
        sessions.loop.start();
        return sessions;
    }

    /** How many sessions ended how: {@code HANDLE_PASSED}, {@code BROKER_NEGOTIATED}, {@code Refused}, {@code Failed}. */
    public long count(String outcome) {
        LongAdder a = outcomes.get(outcome);
        return a == null ? 0 : a.sum();
    }

    private void run() {
        while (!closed) {
            ReferenceClient.Result result = client.connect();
            if (result instanceof ReferenceClient.Result.Connected c) {
                outcomes.computeIfAbsent(c.route().name(), k -> new LongAdder()).increment();
                serve(c.socket());
            } else {
                outcomes.computeIfAbsent(result.getClass().getSimpleName(), k -> new LongAdder()).increment();
                pause();
            }
        }
    }

    /** The probe, then an echo until end of stream. */
    private void serve(AFUNIXSocket socket) {
        current = socket;
        try (socket) {
            socket.setSoTimeout(0);
            OutputStream out = socket.getOutputStream();
            InputStream in = socket.getInputStream();
            out.write(PROBE);
            out.flush();
            byte[] buffer = new byte[4096];
            for (int n; (n = in.read(buffer)) > 0; ) {
                out.write(buffer, 0, n);
                out.flush();
            }
        } catch (IOException e) {
            // the session ends with its connection
        } finally {
            current = null;
        }
    }

    private void pause() {
        try {
            Thread.sleep(RETRY.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            closed = true;
        }
    }

    /** Stop the loop and close the session's connection. */
    @Override
    public void close() {
        closed = true;
        AFUNIXSocket s = current;
        if (s != null) {
            Descriptors.closeSocket(s);
        }
        loop.interrupt();
        try {
            loop.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
