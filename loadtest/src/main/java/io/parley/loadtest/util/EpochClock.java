package io.parley.loadtest.util;

import java.time.Instant;

/**
 * Wall-clock nanoseconds since the epoch, cheap to read: the monotonic clock plus an offset
 * taken once from the real-time clock. Every process on one machine reads the same real-time
 * clock, so a time written by a sender in one process can be compared with the time a receiver
 * in another process reads (to well under a millisecond).
 */
public final class EpochClock {
    private static final long OFFSET;

    static {
        Instant now = Instant.now();
        long mono = System.nanoTime();
        OFFSET = now.getEpochSecond() * 1_000_000_000L + now.getNano() - mono;
    }

    private EpochClock() {
    }

    public static long nanos() {
        return System.nanoTime() + OFFSET;
    }

    public static long toMonotonic(long epochNanos) {
        return epochNanos - OFFSET;
    }
}
