package io.parley.platform.ratelimit;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.parley.platform.redis.Redis;
import io.parley.platform.web.RateLimitedException;
import io.parley.support.TestRedis;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The contract on a real Redis: buckets shared through the server, time from the test's clock. */
class RedisRateLimiterIT extends RateLimiterContract {
    private final List<Redis> clients = new ArrayList<>();

    @Override
    protected RateLimiter newLimiter(RateLimitProperties properties, Clock clock) {
        return new RedisRateLimiter(properties, clock, client(TestRedis.uniquePrefix()));
    }

    private Redis client(String prefix) {
        Redis redis = TestRedis.newClient(prefix);
        clients.add(redis);
        return redis;
    }

    @AfterEach
    void closeClients() {
        clients.forEach(Redis::close);
    }

    @Test
    void aCallerCannotMultiplyTheLimitByMovingToAnotherNode() {
        String cluster = TestRedis.uniquePrefix();
        RateLimitProperties limits = new RateLimitProperties(
                Map.of("login", new RateLimitProperties.Limit(3, Duration.ofMinutes(1))));
        RateLimiter nodeA = new RedisRateLimiter(limits, clock, client(cluster));
        RateLimiter nodeB = new RedisRateLimiter(limits, clock, client(cluster));
        nodeA.acquire("login", "mallory");
        nodeA.acquire("login", "mallory");
        nodeB.acquire("login", "mallory");
        assertThatThrownBy(() -> nodeB.acquire("login", "mallory")).isInstanceOf(RateLimitedException.class);
        assertThatThrownBy(() -> nodeA.acquire("login", "mallory")).isInstanceOf(RateLimitedException.class);
    }

    @Test
    void whileRedisIsAwayTheLimitsHoldOnEachNode() throws Exception {
        RateLimitProperties limits = new RateLimitProperties(
                Map.of("login", new RateLimitProperties.Limit(2, Duration.ofMinutes(1))));
        TestRedis.Server server = TestRedis.startServer();
        Redis redis = new Redis(server.url(), "p:");
        clients.add(redis);
        RateLimiter node = new RedisRateLimiter(limits, clock, redis);
        node.acquire("login", "mallory");
        server.close();
        node.acquire("login", "mallory");
        node.acquire("login", "mallory");
        assertThatThrownBy(() -> node.acquire("login", "mallory")).isInstanceOf(RateLimitedException.class);
    }
}
