package io.parley.platform.security;

import io.parley.platform.bus.BusEvent;

/** An account's standing changed: every node updates its gate and closes the account's sockets if it is barred. */
public record AccountStatusChanged(long userId, AccountStanding standing) implements BusEvent {
    @Override
    public long routingKey() {
        return userId;
    }
}
