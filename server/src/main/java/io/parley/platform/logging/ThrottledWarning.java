package io.parley.platform.logging;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;

/**
 * A warning logged at most once per interval with how often it happened meanwhile, so an outage
 * (Kafka or Redis away for minutes, a full queue) fills no disk.
 */
public final class ThrottledWarning {
    private final Logger log;
    private final String message;
    private final long intervalNanos;
    private final AtomicLong count = new AtomicLong();
    private final AtomicLong nextAt = new AtomicLong(System.nanoTime());

    /** {@code message}: an SLF4J pattern with two {@code {}}, the count and the latest detail. */
    public ThrottledWarning(Logger log, Duration interval, String message) {
        this.log = log;
        this.message = message;
        this.intervalNanos = interval.toNanos();
    }

    public void record(Object detail) {
        count.incrementAndGet();
        long now = System.nanoTime();
        long at = nextAt.get();
        if (now - at >= 0 && nextAt.compareAndSet(at, now + intervalNanos)) {
            log.warn(message, count.getAndSet(0), detail);
        }
    }
}
