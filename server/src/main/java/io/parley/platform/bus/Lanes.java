package io.parley.platform.bus;

import io.micrometer.tracing.Span;
import io.micrometer.tracing.TraceContext;
import io.parley.platform.tracing.Traces;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A few lanes, one thread each, chosen by routing key: one key's events are handed to their
 * listeners in the order they came, while other keys proceed in parallel. Every bus hands its
 * events to listeners through lanes, so a listener is never called on the publisher's thread.
 *
 * <p>Listeners run in a span of their own ({@code bus <Event>}), so what they log carries a trace id:
 * a child of the publisher's (in process: what was in scope when it was published; from Kafka: what
 * its record names), so a message's work shares its trace, and is recorded when that is sampled.
 */
final class Lanes {
    private static final Logger log = LoggerFactory.getLogger(Lanes.class);

    /** "bus MessageEvent.Sent": the event's type without its package, made once per type. */
    private static final ClassValue<String> SPAN_NAMES = new ClassValue<>() {
        @Override
        protected String computeValue(Class<?> type) {
            return "bus " + typeName(type);
        }
    };

    private final ThreadPoolExecutor[] lanes;
    private final Traces traces;

    Lanes(int count, String name, Traces traces) {
        this.traces = traces;
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

    /** An event type as a span or a log names it: "MessageEvent.Sent". */
    static String typeName(Class<?> type) {
        String name = type.getName();
        return name.substring(name.lastIndexOf('.') + 1).replace('$', '.');
    }

    /**
     * Hands {@code event} to {@code listeners} on its lane, with the current {@link EventOrigin} (if
     * any), continuing the current trace (if any).
     */
    void dispatch(BusEvent event, List<Consumer<Object>> listeners) {
        dispatch(event, listeners, EventOrigin.current().orElse(null), traces.current(), () -> { });
    }

    /**
     * Hands {@code event} to {@code listeners} on its lane with {@code origin} as the current
     * origin, in a span that continues {@code trace} (null: a trace of its own), then runs
     * {@code done}, whatever the listeners did (also when the lanes are closed and the event goes
     * nowhere).
     */
    void dispatch(BusEvent event, List<Consumer<Object>> listeners, @Nullable String origin,
            @Nullable TraceContext trace, Runnable done) {
        Runnable work = () -> {
            String name = SPAN_NAMES.get(event.getClass());
            try (Traces.Scope span = traces.open(name, Span.Kind.CONSUMER, trace)) {
                if (origin != null) {
                    span.tag("parley.bus.origin", origin);
                }
                log.debug("{} to {} listeners", name, listeners.size());
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
