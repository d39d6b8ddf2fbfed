package io.parley.platform.redis;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.AnyNestedCondition;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;

/**
 * The Redis connection, made only when some shared state is set to live in Redis: the embedded
 * default connects to nothing.
 */
@Configuration(proxyBeanMethods = false)
@Conditional(RedisConfiguration.UsesRedis.class)
class RedisConfiguration {

    @Bean(destroyMethod = "close")
    Redis redis(@Value("${parley.redis.url:redis://127.0.0.1:6379}") String url,
            @Value("${parley.redis.prefix:parley:}") String prefix) {
        return new Redis(url, prefix);
    }

    static final class UsesRedis extends AnyNestedCondition {
        UsesRedis() {
            super(ConfigurationPhase.REGISTER_BEAN);
        }

        @ConditionalOnProperty(name = "parley.rate-limiter", havingValue = "redis")
        static final class RateLimiter {
        }

        @ConditionalOnProperty(name = "parley.presence.registry", havingValue = "redis")
        static final class Presence {
        }

        @ConditionalOnProperty(name = "parley.revocations", havingValue = "redis")
        static final class Revocations {
        }

        @ConditionalOnProperty(name = "parley.node-ids", havingValue = "redis")
        static final class NodeIds {
        }

        @ConditionalOnProperty(name = "parley.routing", havingValue = "redis")
        static final class Routing {
        }
    }
}
