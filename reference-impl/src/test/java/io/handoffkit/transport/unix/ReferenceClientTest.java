package io.handoffkit.transport.unix;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import io.handoffkit.broker.HelloCheck;
import io.handoffkit.broker.HelloVerdict;
import io.handoffkit.proto.v1.ErrorCode;
import io.handoffkit.proto.v1.HelloReply;
import io.handoffkit.proto.v1.Negotiated;
import io.handoffkit.proto.v1.Refused;
import io.handoffkit.token.Token;
import io.handoffkit.wire.ControlFrames;
import io.handoffkit.wire.FrameWriter;
import io.handoffkit.wire.HandoffFrames;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.newsclub.net.unix.AFUNIXServerSocket;
import org.newsclub.net.unix.AFUNIXSocket;
import org.newsclub.net.unix.AFUNIXSocketAddress;

/**
 * The reference client's connect attempt against a scripted broker on real sockets (the client
 * suite, {@code run --role client}, judges it from outside; this covers what the suite's profile
 * cannot: adoption off).
 */
class ReferenceClientTest {

    private Path dir;
    private AFUNIXServerSocket broker;
    private AFUNIXServerSocket pipe;

    @BeforeEach
    void listen() throws IOException {
        dir = UnixFixtures.socketDir();
        broker = AFUNIXServerSocket.bindOn(AFUNIXSocketAddress.of(dir.resolve("broker.sock")));
        pipe = AFUNIXServerSocket.bindOn(AFUNIXSocketAddress.of(dir.resolve("pipe.sock")));
    }

    @AfterEach
    void close() throws IOException {
        broker.close();
        pipe.close();
        UnixFixtures.deleteTree(dir);
    }

    /** Accept one client, check its Hello with the broker's own check, answer {@code reply}, then write {@code after} (if it is still there). */
    private CompletableFuture<AFUNIXSocket> answer(HelloReply reply, byte[] after) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                AFUNIXSocket s = broker.accept();
                HelloVerdict hello = HelloCheck.read(s.getInputStream(), "echo", 0);
                assertInstanceOf(HelloVerdict.Accepted.class, hello, "the client's Hello passes the broker's checks");
                FrameWriter.write(s.getOutputStream(), ControlFrames.reply(reply, Optional.of(((HelloVerdict.Accepted) hello).frame())));
                try {
                    s.getOutputStream().write(after);
                } catch (IOException e) {
                    // a client that does not read past the reply may be gone already
                }
                return s;
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        });
    }

    private HelloReply handoff(Token token) {
        return HelloReply.newBuilder().setNegotiated(Negotiated.newBuilder().setNegotiatedProtocol(1).setBackendPipe(dir.resolve("pipe.sock").toString())
                .setServerCapabilities(1).setHandlePassedToken(token.toByteString()).setConnectionId(7)).build();
    }

    private ReferenceClient client(boolean adopt) {
        return new ReferenceClient(ReferenceClient.Settings.of(dir.resolve("broker.sock")).withRelayWait(Duration.ofSeconds(1)).withAdoption(adopt));
    }

    @Test
    @DisplayName("CLIENT-6: an accepted relay is adopted: the Hello connection is kept, with the bytes behind the relay unread")
    void adopts() throws Exception {
        Token token = Token.random(UnixFixtures.RANDOM);
        byte[] relay = FrameWriter.encode(HandoffFrames.readyFor(token.toByteString(), 7));
        byte[] after = new byte[relay.length + 2];
        System.arraycopy(relay, 0, after, 0, relay.length);
        after[relay.length] = 'h';
        after[relay.length + 1] = 'i';
        CompletableFuture<AFUNIXSocket> server = answer(handoff(token), after);
        ReferenceClient.Result r = client(true).connect();
        ReferenceClient.Result.Connected c = assertInstanceOf(ReferenceClient.Result.Connected.class, r);
        assertEquals(ReferenceClient.Route.HANDLE_PASSED, c.route());
        assertEquals('h', c.socket().getInputStream().read(), "CLIENT-5: the first byte behind the relay is still there");
        c.socket().close();
        server.get().close();
    }

    @Test
    @DisplayName("CLIENT-3: with adoption off the client does not wait for the relay: it reconnects through backend_pipe at once")
    void adoptionOff() throws Exception {
        Token token = Token.random(UnixFixtures.RANDOM);
        CompletableFuture<AFUNIXSocket> server = answer(handoff(token), FrameWriter.encode(HandoffFrames.readyFor(token.toByteString(), 7)));
        long t0 = System.nanoTime();
        ReferenceClient.Result r = client(false).connect();
        ReferenceClient.Result.Connected c = assertInstanceOf(ReferenceClient.Result.Connected.class, r);
        assertEquals(ReferenceClient.Route.BROKER_NEGOTIATED, c.route());
        assertTrue(System.nanoTime() - t0 < Duration.ofMillis(800).toNanos(), "no wait");
        c.socket().close();
        server.get().close();
    }

    @Test
    @DisplayName("CLIENT-2: a Refused is an error carrying its code; CLIENT-7: an empty backend_pipe on fallback is an error")
    void errors() throws Exception {
        CompletableFuture<AFUNIXSocket> refused = answer(HelloReply.newBuilder().setRefused(Refused.newBuilder().setReason("no")
                .setCode(ErrorCode.ERROR_SERVICE_UNKNOWN)).build(), new byte[0]);
        ReferenceClient.Result.Refused r = assertInstanceOf(ReferenceClient.Result.Refused.class, client(true).connect());
        assertEquals(ErrorCode.ERROR_SERVICE_UNKNOWN, r.code());
        refused.get().close();
        CompletableFuture<AFUNIXSocket> empty = answer(HelloReply.newBuilder().setNegotiated(Negotiated.newBuilder().setNegotiatedProtocol(1)
                .setHandlePassedToken(ByteString.EMPTY)).build(), new byte[0]);
        ReferenceClient.Result.Failed f = assertInstanceOf(ReferenceClient.Result.Failed.class, client(true).connect());
        assertTrue(f.detail().contains("backend_pipe is empty"), f.detail());
        empty.get().close();
    }
}
