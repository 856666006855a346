package io.handoffkit.broker;

import io.handoffkit.time.Clock;
import java.util.function.LongFunction;

final class FakeWindowsTransport extends FakeChannel implements WindowsHandoffTransport {

    static final long HANDLE_VALUE = 0x2A4L;

    LongFunction<DuplicateResult> onDuplicate = pid -> new DuplicateResult.Duplicated(HANDLE_VALUE);

    FakeWindowsTransport(Clock clock) {
        super(clock);
    }

    @Override
    public DuplicateResult duplicateIntoBackend(long backendPid) {
        calls.add("duplicateIntoBackend(" + backendPid + ")");
        return onDuplicate.apply(backendPid);
    }
}
