package io.parley.platform;

import java.time.Clock;
import java.time.Duration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(ParleyProperties.class)
class PlatformConfiguration {

    /**
     * UTC, ticking in microseconds: PostgreSQL's precision, so a time sent live and the same
     * time read back from the database are equal.
     */
    @Bean
    Clock clock() {
        return Clock.tick(Clock.systemUTC(), Duration.ofNanos(1_000));
    }
}
