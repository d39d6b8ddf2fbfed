package io.parley.platform.ratelimit;

import java.time.Duration;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Named limits: {@code parley.rate-limits.sign-in-ip.permits=30}, {@code ...per=1m}. A bucket holds
 * {@code permits} and refills at that rate; a name without an entry is not limited.
 */
@ConfigurationProperties("parley")
public record RateLimitProperties(Map<String, Limit> rateLimits) {
    public RateLimitProperties {
        rateLimits = rateLimits == null ? Map.of() : Map.copyOf(rateLimits);
    }

    public record Limit(int permits, Duration per) {
    }
}
