package io.parley.platform.bus;

import io.parley.platform.tracing.Traces;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The Kafka bus, when {@code parley.bus=kafka}; otherwise nothing here connects to Kafka. */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "parley.bus", havingValue = "kafka")
@EnableConfigurationProperties(KafkaBusProperties.class)
class KafkaBusConfiguration {

    @Bean
    KafkaEventBus kafkaEventBus(KafkaBusProperties properties, Traces traces) {
        return new KafkaEventBus(properties, traces);
    }
}
