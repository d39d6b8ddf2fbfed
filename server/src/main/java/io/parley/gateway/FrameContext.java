package io.parley.gateway;

import io.parley.gateway.protocol.ServerFrame;
import io.parley.platform.security.Caller;

/** Who sent a frame, on which socket, and how to answer. */
public final class FrameContext {
    private final Connection connection;
    private final SessionHub hub;
    private final Caller caller;

    FrameContext(Connection connection, SessionHub hub) {
        this.connection = connection;
        this.hub = hub;
        this.caller = new Caller(connection.userId, connection.deviceSessionId);
    }

    public Caller caller() {
        return caller;
    }

    /** Answers on this socket (possibly later, from another thread). */
    public void reply(ServerFrame frame) {
        connection.send(hub.encode(frame));
    }

    Connection connection() {
        return connection;
    }
}
