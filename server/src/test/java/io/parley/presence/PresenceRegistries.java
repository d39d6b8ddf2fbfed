package io.parley.presence;

import io.parley.platform.redis.Redis;
import java.time.Clock;
import java.time.Duration;

/** Registries for tests of other packages (the gateway's routing locates users through them). */
public final class PresenceRegistries {

    private PresenceRegistries() {
    }

    public static PresenceRegistry inMemory(int node) {
        return new InMemoryPresenceRegistry(node);
    }

    public static PresenceRegistry redis(Redis redis, int node) {
        return new RedisPresenceRegistry(redis, Clock.systemUTC(), Integer.toString(node), Duration.ofSeconds(15));
    }
}
