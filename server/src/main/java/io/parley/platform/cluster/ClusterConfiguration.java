package io.parley.platform.cluster;

import io.parley.platform.ParleyProperties;
import io.parley.platform.redis.Redis;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(ClusterProperties.class)
class ClusterConfiguration {

    @Bean
    @ConditionalOnProperty(name = "parley.node-ids", havingValue = "configured", matchIfMissing = true)
    NodeIdentity configuredNodeIdentity(ParleyProperties properties) {
        return new ConfiguredNodeIdentity(properties.nodeId());
    }

    /** A node that lost its number to another stops (after a graceful drain): never two live nodes with one. */
    @Bean(destroyMethod = "close")
    @ConditionalOnProperty(name = "parley.node-ids", havingValue = "redis")
    NodeIdentity redisNodeIdentity(Redis redis, ClusterProperties properties, ConfigurableApplicationContext context) {
        return new RedisNodeIdentity(redis, properties.nodeIdLease(), () -> Thread.ofPlatform().name("node-id-lost")
                .start(() -> System.exit(SpringApplication.exit(context, () -> 70))));
    }
}
