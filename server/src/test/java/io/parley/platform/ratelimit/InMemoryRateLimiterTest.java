package io.parley.platform.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.parley.support.ManualClock;
import io.parley.platform.web.RateLimitedException;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class InMemoryRateLimiterTest {
    final ManualClock clock = new ManualClock();
    final InMemoryRateLimiter limiter = new InMemoryRateLimiter(new RateLimitProperties(
            Map.of("login", new RateLimitProperties.Limit(3, Duration.ofMinutes(1)))), clock);

    @Test
    void allowsTheBurstThenSaysHowLongToWait() {
        for (int i = 0; i < 3; i++) {
            limiter.acquire("login", "1.2.3.4");
        }
        assertThatThrownBy(() -> limiter.acquire("login", "1.2.3.4"))
                .isInstanceOfSatisfying(RateLimitedException.class,
                        e -> assertThat(e.retryAfterSeconds()).isEqualTo(20));
    }

    @Test
    void refillsOverTimeAndKeysAreSeparate() {
        for (int i = 0; i < 3; i++) {
            limiter.acquire("login", "a");
        }
        limiter.acquire("login", "b");
        clock.millis.addAndGet(20_000);
        limiter.acquire("login", "a");
        assertThatThrownBy(() -> limiter.acquire("login", "a")).isInstanceOf(RateLimitedException.class);
    }

    @Test
    void anUnknownBucketIsUnlimited() {
        for (int i = 0; i < 1000; i++) {
            limiter.acquire("nothing-configured", "x");
        }
    }
}
