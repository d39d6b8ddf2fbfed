package io.parley.platform.ratelimit;

import java.time.Clock;

class InMemoryRateLimiterTest extends RateLimiterContract {

    @Override
    protected RateLimiter newLimiter(RateLimitProperties properties, Clock clock) {
        return new InMemoryRateLimiter(properties, clock);
    }
}
