package io.parley.loadtest.net;

/** Callbacks of one WebSocket connection; all run on the connection's event-loop thread. */
public interface WsListener {
    /** The handshake succeeded. */
    void onOpen(WsConnection connection);

    /** A whole text message, as UTF-8 bytes. */
    void onText(WsConnection connection, byte[] utf8);

    /** The connection is gone (closed by either side, or failed); {@code code} is the close code or -1. */
    void onClosed(WsConnection connection, int code, Throwable failure);
}
