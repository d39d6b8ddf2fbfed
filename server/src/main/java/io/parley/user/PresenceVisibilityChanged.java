package io.parley.user;

import io.parley.platform.bus.BusEvent;

/** A user changed who sees their online status and last seen. */
public record PresenceVisibilityChanged(long userId, PresenceVisibility visibility) implements BusEvent {
    @Override
    public long routingKey() {
        return userId;
    }
}
