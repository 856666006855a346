package io.handoffkit.client;

import io.handoffkit.broker.HelloCheck;
import io.handoffkit.broker.HelloNegotiation;
import io.handoffkit.proto.v1.Hello;

/** The Hello a client sends (HELLO-2), as upstream's client fills it. */
public final class ClientHello {

    /** The {@code request_id} string upstream's client sends. */
    public static final String REQUEST_ID = "hello";

    private ClientHello() {}

    /**
     * A Hello for {@code service} at {@code wantedVersion}, protocol 1 only, from this process, asking
     * for handle passing (capability bit 0, HELLO-3) when {@code handlePassing}.
     */
    public static Hello of(String service, String wantedVersion, boolean handlePassing) {
        return Hello.newBuilder()
                .setClientMinProtocol(HelloCheck.PROTOCOL)
                .setClientMaxProtocol(HelloCheck.PROTOCOL)
                .setServiceName(service)
                .setWantedVersion(wantedVersion)
                .setClientCapabilities(handlePassing ? HelloNegotiation.HANDLE_PASSING : 0)
                .setRequestId(REQUEST_ID)
                .setPeerPid((int) ProcessHandle.current().pid())
                .setClientLibName("handoff-kit")
                .build();
    }
}
