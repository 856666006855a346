package io.handoffkit.broker;

import io.handoffkit.token.Token;

/** Unix (Linux, macOS) handoff: the client descriptor travels by SCM_RIGHTS with the token bytes. */
public interface UnixHandoffTransport extends BackendChannel {

    /** One sendmsg: data = the 16 token bytes, SCM_RIGHTS = the client connection's descriptor. */
    SendResult sendDescriptor(Token token);
}
