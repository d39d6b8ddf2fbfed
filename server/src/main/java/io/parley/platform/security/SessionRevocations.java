package io.parley.platform.security;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.parley.platform.bus.EventBus;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import org.springframework.stereotype.Component;

/**
 * Device sessions revoked recently (sign-out, reuse of a rotated refresh token, a ban). Access
 * tokens are stateless, so a revoked session's token is refused here until it would have expired
 * anyway. Revocations travel on the bus, so every node refuses the token and closes its sockets.
 */
@Component
public class SessionRevocations {
    private final Cache<Long, Boolean> revoked;
    private final EventBus bus;

    SessionRevocations(SecurityProperties properties, EventBus bus) {
        this.revoked = Caffeine.newBuilder()
                .expireAfterWrite(properties.accessTokenTtl().plus(Duration.ofMinutes(2)))
                .build();
        this.bus = bus;
        bus.subscribe(SessionsRevoked.class, event -> event.sessionIds().forEach(this::remember));
    }

    public void revoke(long userId, Collection<Long> sessionIds) {
        if (sessionIds.isEmpty()) {
            return;
        }
        sessionIds.forEach(this::remember);
        bus.publish(new SessionsRevoked(userId, List.copyOf(sessionIds)));
    }

    /** Records a revocation without announcing it (used when loading recent ones at start-up). */
    public void remember(long sessionId) {
        revoked.put(sessionId, Boolean.TRUE);
    }

    public boolean isRevoked(long sessionId) {
        return revoked.getIfPresent(sessionId) != null;
    }
}
