package io.parley.platform.ratelimit;

import io.lettuce.core.RedisException;
import io.lettuce.core.ScriptOutputType;
import io.parley.platform.logging.ThrottledWarning;
import io.parley.platform.redis.Redis;
import io.parley.platform.web.RateLimitedException;
import java.time.Clock;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.stereotype.Component;

/**
 * Token buckets in Redis, shared by every node: a user reconnecting to another node meets the same
 * bucket. One Lua script reads, refills and takes atomically. Tokens are kept as integers scaled
 * by the bucket's period (one permit = {@code per} ms), so no rounding creeps in; the time comes
 * from the injected clock. A bucket's key expires a minute after it would be full again anyway
 * (a margin, as TTLs run on Redis's own time).
 */
@Component
@EnableConfigurationProperties(RateLimitProperties.class)
@ConditionalOnProperty(name = "parley.rate-limiter", havingValue = "redis")
class RedisRateLimiter implements RateLimiter {
    private static final Logger log = LoggerFactory.getLogger(RedisRateLimiter.class);
    // KEYS[1] bucket; ARGV capacity, period ms, now ms. Answers 0 when a permit was taken, else the
    // wait in ms. Stored: s = tokens * period (refills by capacity a ms), l = last refill time.
    private static final String TAKE = """
            local capacity = tonumber(ARGV[1])
            local period = tonumber(ARGV[2])
            local now = tonumber(ARGV[3])
            local full = capacity * period
            local state = redis.call('HMGET', KEYS[1], 's', 'l')
            local s = tonumber(state[1]) or full
            local last = tonumber(state[2]) or now
            s = math.min(full, s + math.max(0, now - last) * capacity)
            last = math.max(last, now)
            local wait = 0
            if s >= period then
              s = s - period
            else
              wait = math.ceil((period - s) / capacity)
            end
            redis.call('HSET', KEYS[1], 's', string.format('%d', s), 'l', string.format('%d', last))
            redis.call('PEXPIRE', KEYS[1], period + 60000)
            return wait
            """;

    private final RateLimitProperties properties;
    private final Clock clock;
    private final Redis redis;
    /** While Redis is away: this node's own buckets, so limits still hold, per node. */
    private final InMemoryRateLimiter local;
    private final ThrottledWarning away = new ThrottledWarning(log, Duration.ofSeconds(10),
            "Redis is away; rate limits hold per node until it is back ({} times; latest: {})");

    RedisRateLimiter(RateLimitProperties properties, Clock clock, Redis redis) {
        this.properties = properties;
        this.clock = clock;
        this.redis = redis;
        this.local = new InMemoryRateLimiter(properties, clock);
    }

    @Override
    public void acquire(String bucket, String key) {
        RateLimitProperties.Limit limit = properties.rateLimits().get(bucket);
        if (limit == null || limit.permits() <= 0) {
            return;
        }
        Long waitMillis;
        try {
            waitMillis = redis.eval(TAKE, ScriptOutputType.INTEGER,
                    new String[] {redis.prefix() + "rate:" + bucket + ':' + key},
                    Integer.toString(limit.permits()), Long.toString(limit.per().toMillis()),
                    Long.toString(clock.millis()));
        } catch (RedisException e) {
            away.record(e.toString());
            local.acquire(bucket, key);
            return;
        }
        if (waitMillis > 0) {
            throw new RateLimitedException(Math.max(1, (waitMillis + 999) / 1000));
        }
    }
}
