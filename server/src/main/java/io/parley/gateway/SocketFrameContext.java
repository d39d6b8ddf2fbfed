package io.parley.gateway;

import io.parley.platform.security.Caller;
import io.parley.protocol.FrameContext;
import io.parley.protocol.ServerFrame;

/** A frame's context on one of this node's sockets. */
final class SocketFrameContext implements FrameContext {
    private final Connection connection;
    private final SessionHub hub;
    private final Caller caller;

    SocketFrameContext(Connection connection, SessionHub hub) {
        this.connection = connection;
        this.hub = hub;
        this.caller = new Caller(connection.userId, connection.deviceSessionId);
    }

    @Override
    public Caller caller() {
        return caller;
    }

    @Override
    public void reply(ServerFrame frame) {
        connection.send(hub.encode(frame));
    }

    Connection connection() {
        return connection;
    }

    /** The socket behind a context the gateway made (every context handlers get is one). */
    static Connection connectionOf(FrameContext context) {
        return ((SocketFrameContext) context).connection;
    }
}
