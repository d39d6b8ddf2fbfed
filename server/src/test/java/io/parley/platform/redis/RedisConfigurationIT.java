package io.parley.platform.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.parley.support.TestRedis;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** The embedded default connects to no Redis; any store set to {@code redis} brings the connection. */
class RedisConfigurationIT {
    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withUserConfiguration(RedisConfiguration.class);

    @Test
    void nothingSetMeansNoRedisConnection() {
        runner.withPropertyValues("parley.redis.url=redis://127.0.0.1:1")
                .run(context -> assertThat(context).hasNotFailed().doesNotHaveBean(Redis.class));
    }

    @Test
    void anyStoreInRedisBringsTheConnection() {
        for (String store : new String[] {"parley.rate-limiter", "parley.presence.registry", "parley.revocations",
                "parley.node-ids", "parley.routing"}) {
            runner.withPropertyValues(store + "=redis", "parley.redis.url=" + TestRedis.url())
                    .run(context -> assertThat(context).hasNotFailed().hasSingleBean(Redis.class));
        }
    }
}
