package io.parley.platform.web;

import java.util.Map;
import org.springframework.http.HttpStatus;

/** Too many attempts: a 429 with Retry-After. */
public class RateLimitedException extends ProblemException implements RetryLater {
    private final long retryAfterSeconds;

    public RateLimitedException(long retryAfterSeconds) {
        super(HttpStatus.TOO_MANY_REQUESTS, "rate-limited", "Too many attempts; try again in " + retryAfterSeconds + " s",
                Map.of("retryAfterSeconds", retryAfterSeconds));
        this.retryAfterSeconds = retryAfterSeconds;
    }

    @Override
    public long retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
