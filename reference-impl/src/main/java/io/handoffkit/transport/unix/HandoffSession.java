package io.handoffkit.transport.unix;

import io.handoffkit.backend.AckWriter;
import io.handoffkit.backend.OfferExchange;
import io.handoffkit.backend.OfferOutcome;
import io.handoffkit.proto.v1.HandoffOffer;
import io.handoffkit.time.Clock;
import io.handoffkit.token.Token;
import io.handoffkit.wire.DeadlineExceededException;
import io.handoffkit.wire.DeadlineInputStream;
import io.handoffkit.wire.HeaderReadAhead;
import io.handoffkit.wire.Rejection;
import java.io.FileDescriptor;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Optional;
import org.newsclub.net.unix.AFUNIXSocket;
import org.newsclub.net.unix.FileDescriptorCast;

/**
 * The backend's work on one handoff stream: handoff after handoff until the broker hangs up or a
 * handoff fails. Each handoff: sideband (16 bytes, exactly one descriptor), offer, judgement, ACK
 * (through {@link OfferExchange}), then adopt or close. All reads of one handoff share one absolute
 * deadline, which starts when the wait for its sideband starts: a silent or trickling broker is
 * dropped by then. Whatever fails, every descriptor received is closed without shutdown (the broker
 * still owns the client connection) and the stream is dropped.
 */
final class HandoffSession {

    private final UnixHandoffBackend backend;
    private final AFUNIXSocket stream;
    private final Clock clock;
    private final long offerDeadlineNanos;
    private final ExpectedTokenPolicy policy;

    HandoffSession(UnixHandoffBackend backend, AFUNIXSocket stream, Clock clock, long offerDeadlineNanos, ExpectedTokenPolicy policy) {
        this.backend = backend;
        this.stream = stream;
        this.clock = clock;
        this.offerDeadlineNanos = offerDeadlineNanos;
        this.policy = policy;
    }

    /** Serve handoffs until one does not end in an adoption (or the broker closes between handoffs). */
    void run() throws IOException {
        DescriptorCollector collector = new DescriptorCollector(stream);
        // one per stream: it never holds bytes across an accepted offer, but nothing could be lost if it did
        HeaderReadAhead reads = new HeaderReadAhead(collector);
        DeadlineInputStream.Remembered timeout = DeadlineInputStream.ReadTimeout.remembered(stream::setSoTimeout);
        while (serveOne(reads, collector, timeout)) {
            // an accepted handoff leaves the stream in a clean state: the broker may send the next one
        }
    }

    private boolean serveOne(HeaderReadAhead reads, DescriptorCollector collector, DeadlineInputStream.Remembered timeout) {
        long deadline = clock.nanos() + offerDeadlineNanos;
        InputStream in = new DeadlineInputStream(reads, clock, deadline, timeout);
        byte[] sideband = new byte[Token.LENGTH];
        int filled = 0;
        IOException failure = null;
        try {
            while (filled < sideband.length) {
                int n = in.read(sideband, filled, sideband.length - filled);
                if (n < 0) {
                    break;
                }
                filled += n;
            }
        } catch (IOException e) {
            failure = e;
        }
        List<FileDescriptor> received = collector.drain();
        if (filled == 0 && received.isEmpty() && (failure == null || failure instanceof DeadlineExceededException)) {
            // the broker hung up (or stayed idle past the deadline) before starting a handoff: nothing to judge
            return false;
        }
        if (filled < sideband.length) {
            Descriptors.dropAllWithoutShutdown(received);
            String why = failure == null ? "the stream ended" : failure.getMessage();
            backend.report(BackendEvent.SIDEBAND_INCOMPLETE, Optional.empty(), "only " + filled + " of "
                    + sideband.length + " sideband bytes arrived (" + why + "); closed " + received.size() + " descriptor(s)");
            return false;
        }
        if (received.size() != 1) {
            Descriptors.dropAllWithoutShutdown(received);
            backend.report(BackendEvent.DESCRIPTOR_COUNT, Optional.empty(),
                    "the sideband carried " + received.size() + " descriptors; exactly one is required");
            return false;
        }
        FileDescriptor descriptor = received.get(0);
        collector.refuseDescriptors();
        try {
            return exchange(in, collector, descriptor, Token.of(sideband).orElseThrow());
        } catch (RuntimeException e) {
            // a custom policy or handler broke its contract: the descriptor must not outlive the handoff
            Descriptors.dropWithoutShutdown(descriptor);
            Descriptors.dropAllWithoutShutdown(collector.drain());
            throw e;
        } finally {
            collector.allowDescriptors();
        }
    }

    private boolean exchange(InputStream in, DescriptorCollector collector, FileDescriptor descriptor, Token sideband) {
        ExpectedTokenPolicy.Expectation expectation = policy.expect(sideband, clock.nanos());
        OfferOutcome outcome;
        try {
            outcome = OfferExchange.judge(in, policy.tokens(), expectation.expected(), clock.nanos());
        } finally {
            // PROFILE-7: the token stops being pending before the broker can read the ACK and replay the handoff
            policy.finished(expectation);
        }
        try {
            if (outcome instanceof OfferOutcome.Answered answered) {
                AckWriter.write(stream.getOutputStream(), answered.ack());
            }
        } catch (IOException e) {
            Descriptors.dropWithoutShutdown(descriptor);
            Descriptors.dropAllWithoutShutdown(collector.drain());
            backend.report(BackendEvent.ACK_WRITE_FAILED, Optional.empty(), "writing the HandoffAck failed: " + e);
            return false;
        }
        List<FileDescriptor> strays = collector.drain();
        if (!strays.isEmpty()) {
            // no ACK was written: the read that brought them failed before the offer was complete
            Descriptors.dropWithoutShutdown(descriptor);
            Descriptors.dropAllWithoutShutdown(strays);
            backend.report(BackendEvent.DESCRIPTOR_COUNT, rejection(outcome),
                    strays.size() + " more descriptor(s) arrived with the offer; closed all " + (strays.size() + 1));
            return false;
        }
        if (outcome instanceof OfferOutcome.Malformed malformed) {
            Descriptors.dropWithoutShutdown(descriptor);
            backend.report(BackendEvent.MALFORMED_OFFER, Optional.of(malformed.rejection()), malformed.rejection().toString());
            return false;
        }
        OfferOutcome.Answered answered = (OfferOutcome.Answered) outcome;
        if (!answered.accepted()) {
            Descriptors.dropWithoutShutdown(descriptor);
            backend.report(BackendEvent.REFUSED, answered.judgement(), answered.judgement().orElseThrow().toString());
            return false;
        }
        return adopt(descriptor, answered.offer().offer());
    }

    /**
     * Adopt through a duplicate and close the received descriptor: junixsocket closes every received
     * descriptor it still tracks when the handoff stream closes, which would cut the adopted
     * connection from under the service handler. A socket made by {@link FileDescriptorCast} only
     * shuts its connection down on {@code close()} and leaves the descriptor open (measured with
     * junixsocket 2.10.1), so the backend keeps the duplicate and closes it itself when the session ends.
     */
    private boolean adopt(FileDescriptor descriptor, HandoffOffer offer) {
        AFUNIXSocket adopted;
        FileDescriptor duplicate = null;
        try {
            FileDescriptorCast cast = FileDescriptorCast.duplicating(descriptor);
            duplicate = cast.getFileDescriptor();
            adopted = cast.as(AFUNIXSocket.class);
        } catch (IOException | RuntimeException e) {
            Descriptors.dropWithoutShutdown(duplicate);
            backend.report(BackendEvent.ADOPTION_FAILED, Optional.empty(), "the received descriptor is not a Unix socket: " + e);
            return false;
        } finally {
            Descriptors.dropWithoutShutdown(descriptor);
        }
        backend.report(BackendEvent.ACCEPTED, Optional.empty(), "adopted for service '" + offer.getServiceName() + "'");
        backend.startSession(new AdoptedConnection(adopted, offer.getServiceName(), offer.getCorrelationId()), duplicate);
        return true;
    }

    private static Optional<Rejection> rejection(OfferOutcome outcome) {
        return outcome instanceof OfferOutcome.Malformed m ? Optional.of(m.rejection()) : Optional.empty();
    }
}
