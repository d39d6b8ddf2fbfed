package io.parley.platform.security;

import io.parley.platform.bus.BusEvent;
import java.util.List;

/** These device sessions of the user were signed out: refuse their tokens, close their sockets. */
public record SessionsRevoked(long userId, List<Long> sessionIds) implements BusEvent {
    @Override
    public long routingKey() {
        return userId;
    }
}
