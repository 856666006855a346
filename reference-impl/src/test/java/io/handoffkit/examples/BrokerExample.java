package io.handoffkit.examples;

import io.handoffkit.broker.HandoffRequest;
import io.handoffkit.proto.v1.Frame;
import io.handoffkit.proto.v1.FrameKind;
import io.handoffkit.proto.v1.HelloReply;
import io.handoffkit.proto.v1.Negotiated;
import io.handoffkit.token.Token;
import io.handoffkit.transport.unix.BrokerResult;
import io.handoffkit.transport.unix.UnixBrokerHandoff;
import io.handoffkit.wire.FrameWriter;
import java.io.IOException;
import java.nio.file.Path;
import org.newsclub.net.unix.AFUNIXServerSocket;
import org.newsclub.net.unix.AFUNIXSocket;

/** A broker that hands every client connection it accepts to one backend process. */
public final class BrokerExample implements Runnable {

    private final UnixBrokerHandoff handoff = UnixBrokerHandoff.withDefaults();
    private final AFUNIXServerSocket clients;
    private final Path backendSocket;
    private final long backendPid;

    public BrokerExample(AFUNIXServerSocket clients, Path backendSocket, long backendPid) {
        this.clients = clients;
        this.backendSocket = backendSocket;
        this.backendPid = backendPid;
    }

    @Override
    public void run() {
        for (long connectionId = 1; !clients.isClosed(); connectionId++) {
            try {
                AFUNIXSocket client = clients.accept();
                // a real broker reads the client's Hello first: capability bit 0 = it can adopt a passed connection
                long id = connectionId;
                HandoffRequest request = new HandoffRequest("upper", backendPid, id, true);
                BrokerResult result = handoff.handOff(client, backendSocket, request, token -> negotiated(client, token, id));
                if (result instanceof BrokerResult.FellBack fellBack) {
                    // nothing was written after Negotiated: the client's wait ends and it reconnects via backend_pipe
                    System.err.println("handoff fell back (" + fellBack.fallback().reason() + "): " + fellBack.fallback().detail());
                    client.close();
                }
                // HandedOff: the relay went out and the broker's descriptor is closed; the backend owns the connection
            } catch (IOException e) {
                return; // the listening socket was closed
            }
        }
    }

    /** Hello's answer, carrying the token the client will find echoed in the ready relay. */
    private static void negotiated(AFUNIXSocket client, Token token, long connectionId) throws IOException {
        HelloReply reply = HelloReply.newBuilder().setNegotiated(Negotiated.newBuilder()
                .setNegotiatedProtocol(1)
                .setBackendPipe("/run/upper/backend.sock")
                .setServerCapabilities(1)
                .setConnectionId(connectionId)
                .setHandlePassedToken(token.toByteString())).build();
        FrameWriter.write(client.getOutputStream(), Frame.newBuilder()
                .setEnvelopeVersion(1)
                .setKind(FrameKind.FRAME_KIND_RESPONSE)
                .setPayload(reply.toByteString())
                .build());
    }
}
