package io.parley.platform.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.parley.platform.bus.EventBus;
import io.parley.platform.bus.TestBuses;
import io.parley.platform.redis.Redis;
import io.parley.support.TestRedis;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Nodes sharing one Redis and nothing else: each has a bus of its own, so what one learns from
 * another came through Redis.
 */
class RedisSessionRevocationsIT extends SessionRevocationsContract {
    private final String cluster = TestRedis.uniquePrefix();
    private final List<AutoCloseable> opened = new ArrayList<>();

    @Override
    protected SessionRevocations newNode() {
        EventBus bus = TestBuses.inProcess();
        Redis redis = TestRedis.newClient(cluster);
        RedisSessionRevocations node = new RedisSessionRevocations(ACCESS_TOKEN_TTL, redis, bus, clock);
        opened.add(() -> TestBuses.stop(bus));
        opened.add(redis);
        opened.add(node);
        return node;
    }

    @AfterEach
    void closeNodes() throws Exception {
        for (AutoCloseable each : opened.reversed()) {
            each.close();
        }
    }

    @Test
    void aNodeStartedLaterKnowsTheRevocationsMadeBefore() {
        SessionRevocations early = newNode();
        early.revoke(1, List.of(501L, 502L));
        SessionRevocations late = newNode();
        assertThat(late.isRevoked(501)).isTrue();
        assertThat(late.isRevoked(502)).isTrue();
        assertThat(late.isRevoked(503)).isFalse();
    }

    @Test
    void theRevocationsLiveInRedisAsLongAsTheLastAccessTokenPlusTheMargin() {
        newNode().revoke(1, List.of(601L));
        try (Redis redis = TestRedis.newClient(cluster)) {
            long ttl = redis.commands().pttl(cluster + "revoked:601");
            assertThat(ttl).isBetween(ACCESS_TOKEN_TTL.toMillis(),
                    ACCESS_TOKEN_TTL.plus(InMemorySessionRevocations.MARGIN).toMillis());
        }
    }
}
