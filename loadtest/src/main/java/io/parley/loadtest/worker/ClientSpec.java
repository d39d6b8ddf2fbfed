package io.parley.loadtest.worker;

/**
 * One simulated device. For Parley, {@code user} is the user id and {@code target} the
 * conversation it sends to; for XMPP, {@code user} is the local part and {@code target} the
 * peer's bare JID (chat) or the room's JID (groupchat). {@code stream} numbers its messages
 * (receivers key sequences by it); {@code index} is the account number (for renewed tokens).
 * {@code endpoint} is where this device connects (ws:// or wss:// URL: a cluster's nginx, or one
 * node to place it there), or null for the plan's server.
 */
public record ClientSpec(int index, int stream, String user, String token, String refreshToken, long tokenExpiresEpochMs,
        String target, boolean sender, boolean receiver, boolean room, String endpoint) {
}
