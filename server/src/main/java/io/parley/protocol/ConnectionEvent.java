package io.parley.protocol;

/**
 * A socket opened or closed on this node: the gateway publishes it as a Spring event, delivered
 * synchronously, before the socket's first frame (hello) is written and after it is gone.
 */
public sealed interface ConnectionEvent {
    long userId();

    record Opened(long connectionId, long userId, long deviceSessionId) implements ConnectionEvent {
    }

    /** {@code lastOnThisNode}: the user has no other socket here. */
    record Closed(long connectionId, long userId, long deviceSessionId, boolean lastOnThisNode) implements ConnectionEvent {
    }
}
