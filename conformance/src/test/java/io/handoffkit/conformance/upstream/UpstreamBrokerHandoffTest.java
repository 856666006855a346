package io.handoffkit.conformance.upstream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.handoffkit.conformance.runner.drive.ReceivedFrame;
import io.handoffkit.conformance.runner.drive.RecordedSocket;
import io.handoffkit.conformance.runner.drive.clientbackend.Offered;
import io.handoffkit.conformance.runner.model.Transcript;
import io.handoffkit.conformance.runner.model.Transcript.Channel;
import io.handoffkit.conformance.runner.suite.broker.Acks;
import io.handoffkit.proto.v1.Frame;
import io.handoffkit.proto.v1.FrameKind;
import io.handoffkit.proto.v1.HandoffOffer;
import io.handoffkit.proto.v1.PayloadEncoding;
import io.handoffkit.transport.unix.Descriptors;
import io.handoffkit.wire.Decoding;
import io.handoffkit.wire.Envelope;
import io.handoffkit.wire.Verdict;
import java.io.FileDescriptor;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.newsclub.net.unix.AFUNIXServerSocket;
import org.newsclub.net.unix.AFUNIXSocket;
import org.newsclub.net.unix.AFUNIXSocketAddress;
import org.newsclub.net.unix.FileDescriptorCast;

/**
 * Upstream's broker-side handoff code ({@code oracle-broker}: no Hello server, it dials a backend
 * socket) against the broker suite's backend half: the sideband and offer checks of BROKER-2 and
 * BROKER-3 that need no client end (16 bytes, one descriptor, blocking, the offer's envelope,
 * {@code handle_value} 0, the offer's token = the sideband's, {@code request_id} = correlation id),
 * then the suite's valid ACK and an echo of upstream's probe byte on the received descriptor.
 * What cannot be checked against upstream here: the Hello and Negotiated (oracle-broker has none),
 * so neither the token's nor the correlation id's agreement with a Negotiated, nor the relay.
 */
@DisplayName("Upstream's broker handoff (oracle-broker) against the broker suite's backend half")
class UpstreamBrokerHandoffTest {

    private static final int HANDOFFS = 20;
    private static final String SEED = "000102030405060708090a0b0c0d0e0f";
    private static final Duration WAIT = Duration.ofSeconds(5);

    private static UpstreamPeer peer;

    @BeforeAll
    static void peer() {
        peer = UpstreamPeerAssumption.peer();
    }

    @Test
    @Timeout(60)
    @DisplayName("BROKER-2, BROKER-3, FRAMES-1, FRAMES-4: every handoff of oracle-broker passes the backend half's checks and completes")
    void upstreamBrokerHandsOffToTheSuitesBackend() throws Exception {
        Path dir = Files.createTempDirectory(Path.of("/tmp"), "handoff-kit-oracle-broker-");
        Path socket = dir.resolve("backend.sock");
        List<String> problems = new ArrayList<>();
        try (AFUNIXServerSocket listening = AFUNIXServerSocket.newInstance()) {
            listening.setDeleteOnClose(true);
            listening.bind(AFUNIXSocketAddress.of(socket));
            listening.setSoTimeout((int) WAIT.toMillis());
            Process broker = new ProcessBuilder(peer.broker().toString(), socket.toString(), SEED, Integer.toString(HANDOFFS),
                    "--warmup", "0", "--quiet").start();
            try {
                for (int i = 0; i < HANDOFFS; i++) {
                    try (AFUNIXSocket dialled = listening.accept()) {
                        answer(dialled, i, problems);
                    }
                }
                assertTrue(broker.waitFor(30, TimeUnit.SECONDS), "oracle-broker did not finish");
                String out = new String(broker.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
                String err = new String(broker.getErrorStream().readAllBytes(), StandardCharsets.UTF_8).strip();
                System.out.println("[upstream interop] oracle-broker -> the broker suite's backend half: " + out);
                assertEquals(List.of(), problems);
                assertEquals(0, broker.exitValue(), "oracle-broker: " + out + " " + err);
                assertTrue(out.endsWith("n=" + HANDOFFS), out);
            } finally {
                broker.destroyForcibly();
            }
        } finally {
            Files.deleteIfExists(socket);
            Files.deleteIfExists(dir);
        }
    }

    private static void answer(AFUNIXSocket dialled, int n, List<String> problems) throws Exception {
        Transcript t = new Transcript();
        RecordedSocket stream = RecordedSocket.of(dialled, Channel.HANDOFF, t);
        RecordedSocket.Sideband sideband = stream.receiveSideband(16, WAIT);
        ReceivedFrame offerFrame = stream.readFrame(new byte[0], WAIT, System.nanoTime(), "HandoffOffer");
        List<FileDescriptor> fds = new ArrayList<>(sideband.descriptors());
        fds.addAll(stream.receivedDescriptors());
        String at = "handoff " + n + ": ";
        if (sideband.bytes().length != 16 || fds.size() != 1) {
            problems.add(at + sideband.bytes().length + " sideband bytes, " + fds.size() + " descriptors");
        }
        if (!(offerFrame instanceof ReceivedFrame.Decoded d) || !(Decoding.offer(d.frame().getPayload()) instanceof Verdict.Accepted<HandoffOffer> o)) {
            problems.add(at + "no decodable offer");
            Descriptors.dropAllWithoutShutdown(fds);
            return;
        }
        Frame f = d.frame();
        HandoffOffer offer = o.value();
        if (f.getKind() != FrameKind.FRAME_KIND_REQUEST || f.getEnvelopeVersion() != 1 || f.getPayloadProtocol() != Envelope.HANDOFF_PAYLOAD_PROTOCOL
                || f.getPayloadEncoding() != PayloadEncoding.PAYLOAD_ENCODING_NONE || f.getRequestId() != offer.getCorrelationId()) {
            problems.add(at + "offer envelope " + f.toBuilder().clearPayload().build());
        }
        if (offer.getHandleValue() != 0 || !offer.getToken().equals(com.google.protobuf.ByteString.copyFrom(sideband.bytes()))) {
            problems.add(at + "handle_value " + offer.getHandleValue() + ", offer token differs from the sideband: "
                    + !offer.getToken().equals(com.google.protobuf.ByteString.copyFrom(sideband.bytes())));
        }
        if (!fds.isEmpty() && Descriptors.nonBlocking(fds.get(0)).orElse(false)) {
            problems.add(at + "the descriptor is in non-blocking mode");
        }
        FileDescriptorCast cast = FileDescriptorCast.duplicating(fds.get(0));
        FileDescriptor copyFd = cast.getFileDescriptor();
        Descriptors.dropAllWithoutShutdown(fds);
        try {
            stream.write(Acks.validBytes(new Offered(sideband.bytes(), offer.getCorrelationId(), sideband.bytes(), Optional.of(offer))), "a valid ACK");
            RecordedSocket copy = RecordedSocket.shared(cast.as(AFUNIXSocket.class), Channel.BACKEND_COPY, t);
            byte[] probe = copy.readExactly(1, WAIT);
            if (probe.length != 1) {
                problems.add(at + "no probe byte from oracle-broker's client end");
            } else {
                copy.write(probe, "echo");
            }
        } finally {
            Descriptors.dropWithoutShutdown(copyFd);
        }
    }
}
