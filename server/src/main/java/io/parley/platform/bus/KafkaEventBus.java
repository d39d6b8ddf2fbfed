package io.parley.platform.bus;

import io.micrometer.tracing.Span;
import io.micrometer.tracing.TraceContext;
import io.parley.platform.tracing.Traces;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.context.SmartLifecycle;

/**
 * The bus of several nodes, on Kafka ({@code parley.bus=kafka}). Two topics:
 * <ul>
 * <li>{@code <prefix>events}, for types someone {@linkplain #subscribe subscribes} to: read by one
 * group all nodes share, so each event is handled once, by the node that holds its partition.
 * Records are keyed by {@link BusEvent#routingKey()}, so one conversation's events share a
 * partition and keep their order from publisher to subscriber, while different keys are handled
 * in parallel (on the node's lanes). Offsets are committed after a batch has been handled:
 * delivery is at least once, and a node that dies mid-batch leaves the rest to the node that takes
 * its partitions over (within the session timeout, seconds), which hands those events over again
 * with the same {@link EventOrigin}, so the gateway can drop a frame it already sent.
 * <li>{@code <prefix>broadcast}, for types someone {@linkplain #observe observes}: read by every
 * node from its end at start-up, so observers run on every node (caches to forget, sockets to
 * close).
 * </ul>
 * An event goes to whichever of the two its type has listeners for. Every node runs the same code,
 * so what this node registered is what every node listens to. A {@link LocalEvent} never leaves the
 * node: it is handed to this node's subscribers and observers on the lanes, as in process.
 *
 * <p>Publishing never waits for Kafka ({@link KafkaSender}): while Kafka is away, events wait in a
 * bounded queue and go out when it is back (beyond the queue they are dropped: live updates only,
 * devices catch up by sync), listeners of local events go on, and nothing here stops the node.
 *
 * <p>On plain kafka-clients rather than Spring Kafka's listener container: the container hands a
 * batch to one listener thread (or to one thread per partition with concurrency), but the bus
 * needs records spread over lanes by key within a partition, the offsets committed only once the
 * lanes have handled the whole batch, and the origin of each record set around its listeners. That
 * is the loop in {@link KafkaReader}, short enough to own.
 *
 * <p>Lifecycle: the readers start after every bean has registered its listeners (until then no
 * record is read, so none is skipped for want of a listener) and stop first on shutdown, before the
 * web server drains, finishing and committing the batch in hand and leaving the group so the
 * partitions move at once. The sender and the lanes last until the bean is destroyed, so what is
 * published while the node drains still goes out.
 *
 * <p>Traces (while they are exported): the publisher's trace rides in the record's W3C
 * {@code traceparent} header, and the node that reads it hands the event to its listeners in a child
 * span ({@link Lanes}); a sampled one is published in a {@code kafka publish} span of its own. With
 * no exporter, records carry no header.
 */
class KafkaEventBus implements EventBus, SmartLifecycle, DisposableBean {
    private static final Logger log = LoggerFactory.getLogger(KafkaEventBus.class);
    /** The record header with the publisher's trace (W3C trace context). */
    static final String TRACEPARENT = "traceparent";

    private final KafkaBusProperties properties;
    private final Listeners subscribers = new Listeners();
    private final Listeners observers = new Listeners();
    private final EventCodec codec = new EventCodec();
    private final Lanes lanes;
    private final Traces traces;
    private final CountDownLatch topicsReady = new CountDownLatch(1);
    private final KafkaSender sender;
    private final KafkaReader work;
    private final KafkaReader broadcast;
    private final Thread topics;
    private volatile boolean running;
    private volatile boolean started;
    private boolean destroyed;

    KafkaEventBus(KafkaBusProperties properties) {
        this(properties, Traces.NONE);
    }

    KafkaEventBus(KafkaBusProperties properties, Traces traces) {
        this.properties = properties;
        this.traces = traces;
        lanes = new Lanes(properties.laneCount(), "bus-lane", traces);
        sender = new KafkaSender(properties, topicsReady);
        work = KafkaReader.work(properties, subscribers, lanes, codec, traces, topicsReady);
        broadcast = KafkaReader.broadcast(properties, observers, lanes, codec, traces, topicsReady);
        topics = Thread.ofPlatform().name("kafka-bus-topics").daemon().unstarted(this::createTopics);
    }

    @Override
    public void publish(BusEvent event) {
        Class<?> type = event.getClass();
        if (event instanceof LocalEvent) {
            List<Consumer<Object>> here = new ArrayList<>(subscribers.of(type));
            here.addAll(observers.of(type));
            if (!here.isEmpty()) {
                lanes.dispatch(event, here);
            }
            return;
        }
        boolean subscribed = subscribers.any(type);
        boolean observed = observers.any(type);
        if (!subscribed && !observed) {
            return;
        }
        byte[] bytes;
        try {
            bytes = codec.encode(event);
        } catch (RuntimeException e) {
            // A bug (EventCodecTest tries every type); the publisher has committed its change and must not fail.
            log.error("Cannot encode {} for Kafka: not sent", type.getName(), e);
            return;
        }
        TraceContext trace = traces.toCarry();
        if (trace == null) {
            send(subscribed, observed, event.routingKey(), bytes, null);
            return;
        }
        Span span = Boolean.TRUE.equals(trace.sampled())
                ? traces.start("kafka publish " + Lanes.typeName(type), Span.Kind.PRODUCER, trace, List.of())
                        .tag("messaging.system", "kafka")
                : null;
        try {
            String traceparent = Traces.traceparent(span == null ? trace : span.context());
            send(subscribed, observed, event.routingKey(), bytes,
                    List.of(new RecordHeader(TRACEPARENT, traceparent.getBytes(StandardCharsets.US_ASCII))));
        } finally {
            if (span != null) {
                span.end();
            }
        }
    }

    private void send(boolean subscribed, boolean observed, long key, byte[] bytes, @Nullable Iterable<Header> headers) {
        if (subscribed) {
            sender.offer(new ProducerRecord<Long, byte[]>(properties.eventsTopic(), null, key, bytes, headers));
        }
        if (observed) {
            sender.offer(new ProducerRecord<Long, byte[]>(properties.broadcastTopic(), null, key, bytes, headers));
        }
    }

    @Override
    public <E extends BusEvent> void subscribe(Class<E> type, Consumer<? super E> subscriber) {
        subscribers.add(type, subscriber);
    }

    @Override
    public <E extends BusEvent> void observe(Class<E> type, Consumer<? super E> observer) {
        observers.add(type, observer);
    }

    @Override
    public synchronized void start() {
        if (started) {
            return;
        }
        started = true;
        running = true;
        topics.start();
        sender.start();
        work.start();
        broadcast.start();
        try {
            if (!properties.startTimeout().isZero() && !awaitReady(properties.startTimeout())) {
                log.warn("Kafka at {} not ready within {}: going on without it, events wait until it is",
                        properties.bootstrapServers(), properties.startTimeout());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Whether the topics exist and both readers read (subscribed to the group, at the broadcast's end). */
    boolean awaitReady(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        return topicsReady.await(timeout.toNanos(), TimeUnit.NANOSECONDS)
                && work.awaitReading(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())))
                && broadcast.awaitReading(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
    }

    /** How many times Kafka could not take an event in hand (kept and tried again). */
    long sendRefusals() {
        return sender.refusals();
    }

    /** What the group's reader has yet to read of this node's partitions, and what waits on the lanes. */
    @Override
    public long lag() {
        return work.lag() + lanes.queued();
    }

    /** Partitions of the events topic this node holds now. */
    int assignedPartitions() {
        return work.assignedPartitions();
    }

    /** Stops reading: finishes and commits the batch in hand, leaves the group. */
    @Override
    public void stop() {
        if (!running) {
            return;
        }
        running = false;
        work.stopAsync();
        broadcast.stopAsync();
        try {
            work.awaitStopped();
            broadcast.awaitStopped();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** Sends what was published (up to the close timeout), then lets the lanes finish. */
    @Override
    public synchronized void destroy() throws InterruptedException {
        if (destroyed) {
            return;
        }
        destroyed = true;
        stop();
        topics.interrupt();
        sender.close(properties.closeTimeout());
        lanes.close(properties.closeTimeout());
    }

    /** For tests: dies as a killed node would, committing nothing, sending nothing, telling the group nothing. */
    synchronized void crash() throws InterruptedException {
        destroyed = true;
        running = false;
        topics.interrupt();
        work.crash();
        broadcast.crash();
        sender.abort();
        lanes.abort();
    }

    private void createTopics() {
        while (running) {
            try {
                KafkaTopics.ensure(properties);
                topicsReady.countDown();
                return;
            } catch (InterruptedException e) {
                return;
            } catch (Exception e) {
                log.warn("Cannot create the bus's topics at {} yet ({}); trying again", properties.bootstrapServers(),
                        e.toString());
                try {
                    Thread.sleep(1000);
                } catch (InterruptedException stopped) {
                    return;
                }
            }
        }
    }
}
