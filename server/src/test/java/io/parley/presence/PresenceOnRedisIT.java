package io.parley.presence;

import static org.assertj.core.api.Assertions.assertThat;

import io.parley.platform.redis.Redis;
import io.parley.support.TestRedis;
import io.parley.support.TestUser;
import io.parley.support.WsClient;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
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
        // Short leases, so the sweep for users of dead nodes runs every second.
        registry.add("parley.presence.lease", () -> "4s");
    }

    @Test
    void aFriendWhoseNodeDiedIsShownOfflineWhenTheLeaseLapses() {
        TestUser ana = signUp("Ana");
        TestUser bo = signUp("Bo");
        try (Redis redis = TestRedis.newClient(PREFIX); WsClient anaSocket = connect(ana)) {
            befriend(ana, bo);
            // Bo's socket is on another node, which then dies: nobody hears it close.
            new RedisPresenceRegistry(redis, Clock.systemUTC(), "1023", Duration.ofMillis(1500)).connected(bo.id(), "x");
            assertThat(friendEntry(ana, bo).at("/presence/online").asBoolean()).isTrue();

            JsonNode offline = anaSocket.await("presence", f -> f.path("userId").asString().equals(bo.idString())
                    && !f.path("online").asBoolean() && f.has("lastSeenAt"));
            assertThat(Instant.parse(offline.path("lastSeenAt").asString())).isBefore(Instant.now().plusSeconds(1));
            assertThat(friendEntry(ana, bo).at("/presence/online").asBoolean()).isFalse();
        }
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
