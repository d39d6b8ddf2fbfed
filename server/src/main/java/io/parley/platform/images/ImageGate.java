package io.parley.platform.images;

import io.parley.platform.web.ServerBusyException;
import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * Bounds picture work: a few at once, a bounded number waiting for a bounded time, the rest
 * refused with 503 {@code server-busy}. Memory then stays bounded however many uploads arrive.
 */
final class ImageGate {
    private final int size;
    private final Semaphore permits;
    private final int maxQueued;
    private final Duration maxWait;
    private final AtomicInteger waiting = new AtomicInteger();

    ImageGate(int size, int maxQueued, Duration maxWait) {
        this.size = size;
        this.permits = new Semaphore(size, true);
        this.maxQueued = maxQueued;
        this.maxWait = maxWait;
    }

    <T> T run(Supplier<T> work) {
        if (!permits.tryAcquire()) {
            await();
        }
        try {
            return work.get();
        } finally {
            permits.release();
        }
    }

    private void await() {
        if (waiting.incrementAndGet() > maxQueued) {
            waiting.decrementAndGet();
            throw busy();
        }
        try {
            if (!permits.tryAcquire(maxWait.toNanos(), TimeUnit.NANOSECONDS)) {
                throw busy();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw busy();
        } finally {
            waiting.decrementAndGet();
        }
    }

    private ServerBusyException busy() {
        long seconds = Math.max(1, (maxWait.toMillis() + 999) / 1000);
        return new ServerBusyException("Too many pictures are being processed; try again in " + seconds + " s", seconds);
    }

    /** How many pictures are being worked on now. */
    int busyPermits() {
        return size - permits.availablePermits();
    }

    int size() {
        return size;
    }
}
