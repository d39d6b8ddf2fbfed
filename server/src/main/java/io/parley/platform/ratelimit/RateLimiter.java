package io.parley.platform.ratelimit;

import io.parley.platform.web.RateLimitedException;

/**
 * Token buckets by name and key ("sign-in-ip", "203.0.113.7"). In memory on one node; a shared
 * store when several nodes must agree.
 */
public interface RateLimiter {

    /** Takes one permit, or throws {@link RateLimitedException} saying when to come back. */
    void acquire(String bucket, String key);
}
