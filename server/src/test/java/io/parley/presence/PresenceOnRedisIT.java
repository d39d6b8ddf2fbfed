package io.parley.presence;

import static org.assertj.core.api.Assertions.assertThat;

import io.parley.platform.redis.Redis;
import io.parley.support.TestRedis;
import io.parley.support.TestUser;
import io.parley.support.WsClient;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The presence scenarios again, on a server keeping presence, rate limits and revocations in Redis;
 * and proof that the server really does.
 */
class PresenceOnRedisIT extends PresenceIT {
    private static final String PREFIX = TestRedis.uniquePrefix();

    @DynamicPropertySource
    static void redis(DynamicPropertyRegistry registry) {
        registry.add("parley.redis.url", TestRedis::url);
        registry.add("parley.redis.prefix", () -> PREFIX);
        registry.add("parley.presence.registry", () -> "redis");
        registry.add("parley.rate-limiter", () -> "redis");
        registry.add("parley.revocations", () -> "redis");
    }

    @Test
    void theServerKeepsPresenceRateLimitsAndRevocationsInRedis() {
        try (Redis redis = TestRedis.newClient(PREFIX)) {
            TestUser ana = signUp("Ana");
            assertThat(redis.commands().keys(PREFIX + "rate:*")).isNotEmpty();
            try (WsClient socket = connect(ana)) {
                assertThat(redis.commands().zcard(PREFIX + "presence:" + ana.id())).isEqualTo(1);
            }
            assertThat(api.post("/api/auth/sign-out", ana.accessToken(), null).status()).isEqualTo(204);
            assertThat(redis.commands().exists(PREFIX + "revoked:" + ana.sessionId())).isEqualTo(1);
            assertThat(api.get("/api/me", ana.accessToken()).status()).isEqualTo(401);
        }
    }
}
