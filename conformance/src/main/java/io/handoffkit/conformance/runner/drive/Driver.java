package io.handoffkit.conformance.runner.drive;

import io.handoffkit.conformance.runner.model.ProtocolRole;
import io.handoffkit.conformance.runner.model.Transcript;
import java.io.IOException;
import java.util.Set;

/**
 * A part the runner plays against the implementation under test, built on the recorded-I/O and
 * descriptor-probe layer of this package ({@link RecordedSocket}, {@link PassedConnection},
 * {@link DescriptorProbes}): it plays one exchange as a plan says and returns what it observed,
 * every byte and event in its transcript. The runner as broker ({@code drive.broker.BrokerDriver})
 * tests a backend; as client and backend at once ({@code drive.clientbackend}) a broker; as broker
 * and backend pipe at once ({@code drive.brokerbackend}) a client.
 *
 * @param <P> what one exchange should be (the bytes to send, how, and what to probe afterwards)
 * @param <O> what the runner observed (the answer, and what became of every descriptor passed)
 */
public interface Driver<P, O> {

    /** The parts of the protocol the runner plays with this driver; never the role under test. */
    Set<ProtocolRole> plays();

    /** Where every byte sent and received, and every event, is recorded. */
    Transcript transcript();

    /** One exchange as {@code plan} says; a failure of the runner's own setup (it cannot connect) is thrown. */
    O play(P plan) throws IOException;
}
