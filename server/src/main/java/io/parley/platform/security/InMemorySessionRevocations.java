package io.parley.platform.security;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.parley.platform.bus.EventBus;
import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.stereotype.Component;

/**
 * Each node keeps the revocations in memory and hears the others' on the bus. An entry is
 * dropped once every token of the session has expired (the token's life plus a margin for the
 * validator's clock skew), on the injected clock, so memory stays bounded.
 */
@Component
@ConditionalOnProperty(name = "parley.revocations", havingValue = "in-memory", matchIfMissing = true)
class InMemorySessionRevocations implements SessionRevocations {
    static final Duration MARGIN = Duration.ofMinutes(2);

    private final Cache<Long, Boolean> revoked;
    private final EventBus bus;

    @Autowired
    InMemorySessionRevocations(SecurityProperties properties, EventBus bus, Clock clock) {
        this(properties.accessTokenTtl(), bus, clock);
    }

    InMemorySessionRevocations(Duration accessTokenTtl, EventBus bus, Clock clock) {
        this.revoked = Caffeine.newBuilder()
                .expireAfterWrite(accessTokenTtl.plus(MARGIN))
                .ticker(() -> clock.millis() * 1_000_000L)
                .build();
        this.bus = bus;
        bus.observe(SessionsRevoked.class, event -> event.sessionIds().forEach(this::remember));
    }

    @Override
    public void revoke(long userId, Collection<Long> sessionIds) {
        if (sessionIds.isEmpty()) {
            return;
        }
        sessionIds.forEach(this::remember);
        bus.publish(new SessionsRevoked(userId, List.copyOf(sessionIds)));
    }

    @Override
    public void remember(long sessionId) {
        revoked.put(sessionId, Boolean.TRUE);
    }

    @Override
    public boolean isRevoked(long sessionId) {
        return revoked.getIfPresent(sessionId) != null;
    }
}
