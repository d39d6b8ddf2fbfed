package io.parley.platform.security;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import io.parley.platform.bus.EventBus;
import io.parley.platform.redis.Redis;
import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.stereotype.Component;

/**
 * Revocations kept in Redis ({@code revoked:<session id>}, expiring with the session's last access
 * token plus a margin) and announced on a Redis channel. Each node answers token checks from a
 * near-cache in memory that the channel feeds, so no request waits on the network; a node starting
 * (or resubscribing after Redis came back) reads the keys again, so it misses nothing announced
 * while it was not listening. The revoking node still publishes {@link SessionsRevoked} on the bus
 * for whoever closes the sessions' sockets.
 */
@Component
@ConditionalOnProperty(name = "parley.revocations", havingValue = "redis")
class RedisSessionRevocations implements SessionRevocations, AutoCloseable {
    private final Cache<Long, Boolean> revoked;
    private final Redis redis;
    private final EventBus bus;
    private final Duration keep;
    private final String channel;
    private final StatefulRedisPubSubConnection<String, String> subscription;

    @Autowired
    RedisSessionRevocations(SecurityProperties properties, Redis redis, EventBus bus, Clock clock) {
        this(properties.accessTokenTtl(), redis, bus, clock);
    }

    RedisSessionRevocations(Duration accessTokenTtl, Redis redis, EventBus bus, Clock clock) {
        this.keep = accessTokenTtl.plus(InMemorySessionRevocations.MARGIN);
        this.revoked = Caffeine.newBuilder()
                .expireAfterWrite(keep)
                .ticker(() -> clock.millis() * 1_000_000L)
                .build();
        this.redis = redis;
        this.bus = bus;
        this.channel = redis.prefix() + "revocations";
        this.subscription = redis.pubSub();
        subscription.addListener(new RedisPubSubAdapter<>() {
            @Override
            public void message(String from, String sessionIds) {
                for (String id : sessionIds.split(",")) {
                    remember(Long.parseLong(id));
                }
            }

            @Override
            public void subscribed(String to, long count) {
                // After a reconnect: what was announced meanwhile is in the keys. Off the event loop,
                // where a blocking call would stall every connection.
                CompletableFuture.runAsync(RedisSessionRevocations.this::loadAll);
            }
        });
        subscription.sync().subscribe(channel);
        loadAll();
    }

    private String key(long sessionId) {
        return redis.prefix() + "revoked:" + sessionId;
    }

    private void loadAll() {
        String prefix = redis.prefix() + "revoked:";
        RedisCommands<String, String> commands = redis.commands();
        ScanArgs match = ScanArgs.Builder.matches(prefix + "*").limit(1000);
        KeyScanCursor<String> cursor = commands.scan(match);
        while (true) {
            cursor.getKeys().forEach(key -> remember(Long.parseLong(key.substring(prefix.length()))));
            if (cursor.isFinished()) {
                return;
            }
            cursor = commands.scan(ScanCursor.of(cursor.getCursor()), match);
        }
    }

    @Override
    public void revoke(long userId, Collection<Long> sessionIds) {
        if (sessionIds.isEmpty()) {
            return;
        }
        sessionIds.forEach(this::remember);
        RedisCommands<String, String> commands = redis.commands();
        for (Long sessionId : sessionIds) {
            commands.psetex(key(sessionId), keep.toMillis(), "1");
        }
        commands.publish(channel, sessionIds.stream().map(String::valueOf).collect(Collectors.joining(",")));
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

    @Override
    public void close() {
        subscription.close();
    }
}
