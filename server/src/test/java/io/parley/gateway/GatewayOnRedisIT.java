package io.parley.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.parley.platform.cluster.NodeIdentity;
import io.parley.platform.redis.Redis;
import io.parley.support.TestRedis;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The socket scenarios again on a node configured as one of many: its number leased from Redis,
 * users located and frames routed through Redis. (Several nodes: RedisDeliveryRouterIT.)
 */
class GatewayOnRedisIT extends GatewayIT {
    private static final String PREFIX = TestRedis.uniquePrefix();

    @Autowired
    NodeIdentity identity;
    @Autowired
    DeliveryRouter router;

    @DynamicPropertySource
    static void redis(DynamicPropertyRegistry registry) {
        registry.add("parley.redis.url", TestRedis::url);
        registry.add("parley.redis.prefix", () -> PREFIX);
        registry.add("parley.presence.registry", () -> "redis");
        registry.add("parley.node-ids", () -> "redis");
        registry.add("parley.routing", () -> "redis");
    }

    @Test
    void theNodeLeasesItsNumberAndListensOnItsOwnChannel() {
        assertThat(router).isInstanceOf(RedisDeliveryRouter.class);
        try (Redis redis = TestRedis.newClient(PREFIX)) {
            assertThat(identity.nodeId()).isZero();
            assertThat(redis.commands().exists(PREFIX + "node-id:0")).isEqualTo(1);
            assertThat(redis.commands().pubsubShardChannels(PREFIX + "node:*")).containsExactly(PREFIX + "node:0");
        }
    }
}
