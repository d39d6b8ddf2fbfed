package io.parley.platform.bus;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A few lanes, one thread each, chosen by routing key: one key's events are handed to their
 * listeners in the order they came, while other keys proceed in parallel. Every bus hands its
 * events to listeners through lanes, so a listener is never called on the publisher's thread.
 */
final class Lanes {
    private static final Logger log = LoggerFactory.getLogger(Lanes.class);

    private final ThreadPoolExecutor[] lanes;

    Lanes(int count, String name) {
        lanes = new ThreadPoolExecutor[count];
        for (int i = 0; i < count; i++) {
            // A single thread with an unbounded queue, as Executors.newSingleThreadExecutor, but one whose queue can be counted.
            lanes[i] = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>(),
                    Thread.ofPlatform().name(name + "-" + i).daemon().factory());
        }
    }

    /** Events waiting for their lane (not counting those being handled). */
    int queued() {
        int queued = 0;
        for (ThreadPoolExecutor lane : lanes) {
            queued += lane.getQueue().size();
        }
        return queued;
    }

    /** The number of lanes a bus gets unless told otherwise: one per core, at least two. */
    static int defaultCount() {
        return Math.max(2, Runtime.getRuntime().availableProcessors());
    }

    /** Hands {@code event} to {@code listeners} on its lane, with the current {@link EventOrigin} (if any). */
    void dispatch(BusEvent event, List<Consumer<Object>> listeners) {
        dispatch(event, listeners, EventOrigin.current().orElse(null), () -> { });
    }

    /**
     * Hands {@code event} to {@code listeners} on its lane with {@code origin} as the current
     * origin, then runs {@code done}, whatever the listeners did (also when the lanes are closed
     * and the event goes nowhere).
     */
    void dispatch(BusEvent event, List<Consumer<Object>> listeners, String origin, Runnable done) {
        Runnable work = () -> {
            try {
                EventOrigin.run(origin, () -> {
                    for (Consumer<Object> listener : listeners) {
                        try {
                            listener.accept(event);
                        } catch (RuntimeException e) {
                            log.error("A listener failed on {}", event.getClass().getSimpleName(), e);
                        }
                    }
                });
            } finally {
                done.run();
            }
        };
        try {
            lanes[Math.floorMod(Long.hashCode(event.routingKey()), lanes.length)].execute(work);
        } catch (RejectedExecutionException closed) {
            // Only while the node shuts down: nobody is left to listen.
            log.debug("Bus closed, {} dropped", event.getClass().getSimpleName());
            done.run();
        }
    }

    /** Lets what is queued finish, waiting up to {@code timeout} in all. */
    void close(Duration timeout) throws InterruptedException {
        for (ExecutorService lane : lanes) {
            lane.shutdown();
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        for (ExecutorService lane : lanes) {
            lane.awaitTermination(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        }
    }

    /** Stops at once, interrupting listeners (a node that crashed). */
    void abort() {
        for (ExecutorService lane : lanes) {
            lane.shutdownNow();
        }
    }
}
