package io.parley.platform.web;

/** A refusal that passes: its problem detail carries a {@code Retry-After} header. */
public interface RetryLater {
    long retryAfterSeconds();
}
