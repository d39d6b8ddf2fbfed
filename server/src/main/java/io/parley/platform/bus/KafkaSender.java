package io.parley.platform.bus;

import io.parley.platform.logging.ThrottledWarning;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.InterruptException;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.LongSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends published events to Kafka from one thread, so that publishing never waits for Kafka:
 * publishers put events in a bounded queue and go on. While Kafka is away the sender keeps the
 * event in hand and tries again (in order), the queue fills, and then new events are dropped with
 * a warning: they are live updates only, every device catches up from the database by sync, so
 * a node stays up and answers rather than holding memory or threads for them. When Kafka is back
 * the queued events go out in the order they were published.
 *
 * <p>The producer is idempotent with {@code acks=all}: its retries never duplicate or reorder a
 * partition's records. An event it cannot deliver within the delivery timeout is given up (logged).
 */
final class KafkaSender {
    private static final Logger log = LoggerFactory.getLogger(KafkaSender.class);
    private static final Duration WARN_EVERY = Duration.ofSeconds(10);

    private final BlockingQueue<ProducerRecord<Long, byte[]>> queue;
    private final Producer<Long, byte[]> producer;
    private final CountDownLatch topicsReady;
    private final Thread thread;
    private final ThrottledWarning queueFull = new ThrottledWarning(log, WARN_EVERY,
            "Kafka send queue full (or closed): {} events dropped (latest {}); devices catch up by sync");
    private final ThrottledWarning unreachable = new ThrottledWarning(log, WARN_EVERY,
            "Kafka not reachable ({} tries, latest: {}); events wait in the send queue");
    private final ThrottledWarning failed = new ThrottledWarning(log, WARN_EVERY,
            "Kafka did not take {} events (latest: {}); devices catch up by sync");
    private final AtomicLong refusals = new AtomicLong();
    private volatile boolean closing;

    KafkaSender(KafkaBusProperties properties, CountDownLatch topicsReady) {
        this.topicsReady = topicsReady;
        queue = new ArrayBlockingQueue<>(properties.sendQueue());
        producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, properties.bootstrapServers(),
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.LINGER_MS_CONFIG, (int) properties.linger().toMillis(),
                ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) properties.deliveryTimeout().toMillis(),
                ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) properties.requestTimeout().toMillis(),
                // Only this thread ever waits on it (for metadata or buffer space), never a publisher.
                ProducerConfig.MAX_BLOCK_MS_CONFIG, properties.requestTimeout().toMillis()),
                new LongSerializer(), new ByteArraySerializer());
        thread = Thread.ofPlatform().name("kafka-bus-sender").daemon().unstarted(this::run);
    }

    void start() {
        thread.start();
    }

    /** Never waits: a full queue drops the event. */
    void offer(ProducerRecord<Long, byte[]> record) {
        if (closing || !queue.offer(record)) {
            queueFull.record(record.topic());
        }
    }

    private void run() {
        try {
            while (!topicsReady.await(100, TimeUnit.MILLISECONDS)) {
                if (closing) {
                    return;
                }
            }
            ProducerRecord<Long, byte[]> next = null;
            while (true) {
                if (next == null) {
                    next = queue.poll(100, TimeUnit.MILLISECONDS);
                    if (next == null) {
                        if (closing) {
                            return;
                        }
                        continue;
                    }
                }
                try {
                    Future<RecordMetadata> sent = producer.send(next, this::sent);
                    // No metadata or no buffer space within max.block.ms (Kafka is away): the producer
                    // answers that with a failed future, not by throwing. Keep the event, try again.
                    if (refusedAtOnce(sent) instanceof RetriableException e) {
                        refused(e);
                        continue;
                    }
                    next = null;
                } catch (InterruptException e) {
                    return;
                } catch (RetriableException e) {
                    refused(e);
                } catch (KafkaException e) {
                    failed.record(e.toString());
                    next = null;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Kafka's answer to a send, later on its own thread, or at once on this one for a send it could
     * not even start; a retriable one of those is this thread's to handle (it keeps the event).
     */
    private void sent(RecordMetadata metadata, Exception e) {
        if (e != null && !(e instanceof RetriableException && Thread.currentThread() == thread)) {
            failed.record(e.toString());
        }
    }

    /** The failure of a send that failed before it started (done as soon as send returned), else null. */
    private static Throwable refusedAtOnce(Future<RecordMetadata> sent) throws InterruptedException {
        if (!sent.isDone()) {
            return null;
        }
        try {
            sent.get();
            return null;
        } catch (ExecutionException e) {
            return e.getCause();
        }
    }

    private void refused(RetriableException e) {
        refusals.incrementAndGet();
        unreachable.record(e.toString());
    }

    /** How many times Kafka could not take the event in hand (it was kept and tried again). */
    long refusals() {
        return refusals.get();
    }

    /** Sends what is queued and waits for Kafka to take it, up to {@code timeout}; then stops. */
    void close(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        closing = true;
        thread.join(Duration.ofNanos(Math.max(1, deadline - System.nanoTime())));
        if (thread.isAlive()) {
            thread.interrupt();
            thread.join(Duration.ofSeconds(1));
        }
        if (!queue.isEmpty()) {
            log.warn("{} events not sent to Kafka at shutdown; devices catch up by sync", queue.size());
        }
        producer.close(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
    }

    /** Stops at once, sending nothing more (a node that crashed). */
    void abort() throws InterruptedException {
        closing = true;
        thread.interrupt();
        thread.join(Duration.ofSeconds(5));
        producer.close(Duration.ZERO);
    }
}
