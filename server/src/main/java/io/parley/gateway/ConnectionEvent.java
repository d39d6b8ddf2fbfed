package io.parley.gateway;

/** A socket opened or closed on this node (a Spring event, delivered synchronously). */
public sealed interface ConnectionEvent {
    long userId();

    record Opened(long connectionId, long userId, long deviceSessionId) implements ConnectionEvent {
    }

    /** {@code lastOnThisNode}: the user has no other socket here. */
    record Closed(long connectionId, long userId, long deviceSessionId, boolean lastOnThisNode) implements ConnectionEvent {
    }
}
