package io.parley.presence;

import io.parley.platform.bus.BusEvent;
import java.time.Instant;

/** A user came online or went offline (after the grace period). */
public record PresenceChanged(long userId, boolean online, Instant lastSeenAt) implements BusEvent {
    @Override
    public long routingKey() {
        return userId;
    }
}
