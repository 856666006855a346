package io.handoffkit.transport.unix;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * The reference service ({@link ServiceHandler#echo()}): every byte back until the client closes its
 * side. Each service thread keeps one buffer for all the sessions it serves: a fresh 8 KiB buffer per
 * adopted connection was half of what the reference backend allocated per handoff.
 */
final class EchoService implements ServiceHandler {

    static final EchoService INSTANCE = new EchoService();

    private static final ThreadLocal<byte[]> BUFFER = ThreadLocal.withInitial(() -> new byte[8192]);

    private EchoService() {}

    @Override
    public void serve(AdoptedConnection connection) throws IOException {
        InputStream in = connection.socket().getInputStream();
        OutputStream out = connection.socket().getOutputStream();
        byte[] buffer = BUFFER.get();
        for (int n; (n = in.read(buffer)) >= 0; ) {
            out.write(buffer, 0, n);
            out.flush();
        }
    }
}
