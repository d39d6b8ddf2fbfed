package io.parley.platform.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.parley.platform.web.RateLimitedException;
import io.parley.support.ManualClock;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link RateLimiter} must do, whatever keeps the buckets (memory, Redis): a bucket
 * holds {@code permits} and refills at {@code permits per} on the injected clock; a refusal
 * says when to come back. Keys are unique per test, so a shared store may keep its buckets.
 */
abstract class RateLimiterContract {
    private static final AtomicLong keys = new AtomicLong(System.nanoTime() & 0xffff_ffffL);
    private static final Map<String, RateLimitProperties.Limit> LIMITS = Map.of(
            "login", new RateLimitProperties.Limit(3, Duration.ofMinutes(1)),
            "upload", new RateLimitProperties.Limit(3, Duration.ofMinutes(1)),
            "slow", new RateLimitProperties.Limit(1, Duration.ofMillis(1500)),
            "crowd", new RateLimitProperties.Limit(50, Duration.ofHours(1)),
            "off", new RateLimitProperties.Limit(0, Duration.ofMinutes(1)));

    protected final ManualClock clock = new ManualClock();
    protected RateLimiter limiter;

    /** A limiter on its real engine with these limits, reading time from this clock only. */
    protected abstract RateLimiter newLimiter(RateLimitProperties properties, Clock clock);

    @BeforeEach
    void setUpLimiter() {
        limiter = newLimiter(new RateLimitProperties(LIMITS), clock);
    }

    private static String key() {
        return "k" + keys.incrementAndGet();
    }

    private void takeAll(String bucket, String key, int permits) {
        for (int i = 0; i < permits; i++) {
            limiter.acquire(bucket, key);
        }
    }

    private long refusedFor(String bucket, String key) {
        try {
            limiter.acquire(bucket, key);
        } catch (RateLimitedException e) {
            return e.retryAfterSeconds();
        }
        throw new AssertionError("expected " + bucket + "/" + key + " to be refused");
    }

    private void later(Duration by) {
        clock.millis.addAndGet(by.toMillis());
    }

    @Test
    void allowsThePermitsThenSaysHowLongToWait() {
        String key = key();
        takeAll("login", key, 3);
        // 3 per minute: one permit comes back every 20 s.
        assertThat(refusedFor("login", key)).isEqualTo(20);
    }

    @Test
    void theWaitShrinksAsTimePasses() {
        String key = key();
        takeAll("login", key, 3);
        later(Duration.ofSeconds(15));
        assertThat(refusedFor("login", key)).isEqualTo(5);
    }

    @Test
    void theWaitIsRoundedUpToWholeSecondsAndIsNeverZero() {
        String key = key();
        limiter.acquire("slow", key);
        assertThat(refusedFor("slow", key)).isEqualTo(2);
        later(Duration.ofMillis(1499));
        assertThat(refusedFor("slow", key)).isEqualTo(1);
    }

    @Test
    void refillsOverTimeOnePermitAtATime() {
        String key = key();
        takeAll("login", key, 3);
        later(Duration.ofSeconds(20));
        limiter.acquire("login", key);
        assertThatThrownBy(() -> limiter.acquire("login", key)).isInstanceOf(RateLimitedException.class);
    }

    @Test
    void aLongPauseRefillsNoMoreThanTheBucketHolds() {
        String key = key();
        takeAll("login", key, 3);
        later(Duration.ofHours(5));
        takeAll("login", key, 3);
        assertThat(refusedFor("login", key)).isEqualTo(20);
    }

    @Test
    void aRefusalTakesNoPermit() {
        String key = key();
        takeAll("login", key, 3);
        for (int i = 0; i < 10; i++) {
            refusedFor("login", key);
        }
        later(Duration.ofSeconds(20));
        limiter.acquire("login", key);
    }

    @Test
    void keysAreSeparate() {
        String mine = key();
        String yours = key();
        takeAll("login", mine, 3);
        takeAll("login", yours, 3);
        refusedFor("login", mine);
    }

    @Test
    void bucketsAreSeparateForTheSameKey() {
        String key = key();
        takeAll("login", key, 3);
        takeAll("upload", key, 3);
        refusedFor("upload", key);
    }

    @Test
    void aBucketWithoutLimitsOrWithNoPermitsIsUnlimited() {
        String key = key();
        takeAll("nothing-configured", key, 1000);
        takeAll("off", key, 1000);
    }

    @Test
    void concurrentCallersGetExactlyThePermitsOfTheBucket() throws Exception {
        String key = key();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Callable<Boolean>> attempts = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                attempts.add(() -> {
                    try {
                        limiter.acquire("crowd", key);
                        return true;
                    } catch (RateLimitedException e) {
                        return false;
                    }
                });
            }
            int granted = 0;
            for (Future<Boolean> attempt : pool.invokeAll(attempts)) {
                granted += attempt.get() ? 1 : 0;
            }
            assertThat(granted).isEqualTo(50);
        } finally {
            pool.shutdownNow();
        }
    }
}
