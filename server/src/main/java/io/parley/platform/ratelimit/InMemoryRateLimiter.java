package io.parley.platform.ratelimit;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.parley.platform.web.RateLimitedException;
import java.time.Clock;
import java.time.Duration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.stereotype.Component;

@Component
@EnableConfigurationProperties(RateLimitProperties.class)
@ConditionalOnProperty(name = "parley.rate-limiter", havingValue = "in-memory", matchIfMissing = true)
class InMemoryRateLimiter implements RateLimiter {
    private final RateLimitProperties properties;
    private final Clock clock;
    private final Cache<String, Bucket> buckets = Caffeine.newBuilder()
            .expireAfterAccess(Duration.ofHours(1))
            .maximumSize(1_000_000)
            .build();

    InMemoryRateLimiter(RateLimitProperties properties, Clock clock) {
        this.properties = properties;
        this.clock = clock;
    }

    @Override
    public void acquire(String bucket, String key) {
        RateLimitProperties.Limit limit = properties.rateLimits().get(bucket);
        if (limit == null || limit.permits() <= 0) {
            return;
        }
        long waitMillis = buckets.get(bucket + '\u0000' + key, k -> new Bucket(limit, clock.millis()))
                .take(clock.millis());
        if (waitMillis > 0) {
            throw new RateLimitedException(Math.max(1, (waitMillis + 999) / 1000));
        }
    }

    /** A token bucket; {@code take} answers 0 when a token was taken, else the wait in ms. */
    private static final class Bucket {
        private final double capacity;
        private final double perMilli;
        private double tokens;
        private long last;

        Bucket(RateLimitProperties.Limit limit, long now) {
            this.capacity = limit.permits();
            this.perMilli = limit.permits() / (double) limit.per().toMillis();
            this.tokens = capacity;
            this.last = now;
        }

        synchronized long take(long now) {
            tokens = Math.min(capacity, tokens + Math.max(0, now - last) * perMilli);
            last = Math.max(last, now);
            if (tokens >= 1) {
                tokens -= 1;
                return 0;
            }
            return (long) Math.ceil((1 - tokens) / perMilli);
        }
    }
}
