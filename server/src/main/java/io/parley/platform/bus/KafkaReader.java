package io.parley.platform.bus;

import io.parley.platform.logging.ThrottledWarning;
import io.parley.platform.tracing.Traces;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.CooperativeStickyAssignor;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.InterruptException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.LongDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads one of the bus's topics on its own thread and hands each batch of events to the lanes
 * (one key's events in order, keys in parallel), waiting until the batch has been handled before
 * it reads on. Listeners run with the record's place in the topic as their {@link EventOrigin}.
 *
 * <ul>
 * <li>{@link #work}: {@code <prefix>events} in the group all nodes share, so each event is handled
 * by one node. Offsets are committed only after a batch has been handled: a node that dies
 * mid-batch leaves those events to the node that takes its partitions over, which hands them to
 * its subscribers again under the same origin ({@code "<partition>:<offset>"}). At least once,
 * then; the gateway drops a frame it already sent for the same origin.
 * <li>{@link #broadcast}: {@code <prefix>broadcast} on every node, without a group: all partitions,
 * from the end when the node starts (a new node has no cache to forget, no socket to close).
 * Origins are {@code "b<partition>:<offset>"}, never equal to one of the events topic.
 * </ul>
 */
final class KafkaReader {
    private static final Logger log = LoggerFactory.getLogger(KafkaReader.class);
    private static final Duration POLL = Duration.ofMillis(200);
    private static final Duration RETRY = Duration.ofSeconds(1);

    private final String topic;
    private final boolean shared;
    private final String originPrefix;
    private final Map<String, Object> config;
    private final Listeners listeners;
    private final Lanes lanes;
    /** Per partition, the offset after the last event handled; touched on the reader's thread only. */
    private final Map<TopicPartition, OffsetAndMetadata> handledUpTo = new HashMap<>();
    private final EventCodec codec;
    private final Traces traces;
    private final CountDownLatch topicsReady;
    private final Duration closeTimeout;
    private final Thread thread;
    private final CountDownLatch reading = new CountDownLatch(1);
    private final Set<TopicPartition> assigned = ConcurrentHashMap.newKeySet();
    /** Broadcast only: where to go on if the consumer is made anew after an error. */
    private final Map<TopicPartition, Long> positions = new HashMap<>();
    private final ThrottledWarning unknown = new ThrottledWarning(log, Duration.ofSeconds(10),
            "Skipped {} events no listener here registered for (latest {}): a node of another version?");
    private volatile boolean running = true;
    private volatile boolean crashed;
    private volatile long stopDeadline = Long.MAX_VALUE;
    private volatile KafkaConsumer<Long, byte[]> consumer;

    private KafkaReader(String topic, boolean shared, Map<String, Object> config, Listeners listeners, Lanes lanes,
            EventCodec codec, Traces traces, CountDownLatch topicsReady, Duration closeTimeout) {
        this.topic = topic;
        this.shared = shared;
        this.originPrefix = shared ? "" : "b";
        this.config = config;
        this.listeners = listeners;
        this.lanes = lanes;
        this.codec = codec;
        this.traces = traces;
        this.topicsReady = topicsReady;
        this.closeTimeout = closeTimeout;
        this.thread = Thread.ofPlatform().name("kafka-bus-" + (shared ? "work" : "broadcast")).daemon()
                .unstarted(this::run);
    }

    /** The events topic, for subscribers: one node handles each event. */
    static KafkaReader work(KafkaBusProperties properties, Listeners subscribers, Lanes lanes, EventCodec codec,
            Traces traces, CountDownLatch topicsReady) {
        Map<String, Object> config = new HashMap<>(common(properties));
        config.put(ConsumerConfig.GROUP_ID_CONFIG, properties.workGroup());
        // The classic protocol: its session timeout is the client's (seconds); the newer consumer
        // protocol's is the broker's (45 s by default), too slow to hand a dead node's work over.
        config.put(ConsumerConfig.GROUP_PROTOCOL_CONFIG, "classic");
        config.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, (int) properties.sessionTimeout().toMillis());
        config.put(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, (int) properties.heartbeatInterval().toMillis());
        // Partitions that stay put are not stopped while others move (a node joins or leaves).
        config.put(ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG, CooperativeStickyAssignor.class.getName());
        // A group's first node reads what was published before it joined.
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        return new KafkaReader(properties.eventsTopic(), true, config, subscribers, lanes, codec, traces, topicsReady,
                properties.closeTimeout());
    }

    /** The broadcast topic, for observers: every node handles each event. */
    static KafkaReader broadcast(KafkaBusProperties properties, Listeners observers, Lanes lanes, EventCodec codec,
            Traces traces, CountDownLatch topicsReady) {
        Map<String, Object> config = new HashMap<>(common(properties));
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest");
        return new KafkaReader(properties.broadcastTopic(), false, config, observers, lanes, codec, traces,
                topicsReady, properties.closeTimeout());
    }

    private static Map<String, Object> common(KafkaBusProperties properties) {
        int timeout = (int) properties.requestTimeout().toMillis();
        return Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, properties.bootstrapServers(),
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false,
                ConsumerConfig.REQUEST_TIMEOUT_MS_CONFIG, timeout,
                ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, timeout);
    }

    void start() {
        thread.start();
    }

    /** Whether it reads (has joined the group, or knows where the broadcast topic ends). */
    boolean awaitReading(Duration timeout) throws InterruptedException {
        return reading.await(timeout.toNanos(), TimeUnit.NANOSECONDS);
    }

    int assignedPartitions() {
        return assigned.size();
    }

    /**
     * Records of its topic this reader has yet to read, over the partitions it reads: the sum of
     * the consumer's per-partition "records-lag" as of its last fetch (0 before one). Safe from any
     * thread: the consumer's metrics, unlike the consumer, may be read concurrently.
     */
    long lag() {
        KafkaConsumer<Long, byte[]> current = consumer;
        if (current == null) {
            return 0;
        }
        double lag = 0;
        for (var metric : current.metrics().entrySet()) {
            MetricName name = metric.getKey();
            if (name.name().equals("records-lag") && name.group().equals("consumer-fetch-manager-metrics")
                    && topic.equals(name.tags().get("topic"))
                    && metric.getValue().metricValue() instanceof Double value && Double.isFinite(value) && value > 0) {
                lag += value;
            }
        }
        return (long) lag;
    }

    /** Finishes the batch in hand (up to the close timeout), commits it, and leaves the group. */
    void stopAsync() {
        stopDeadline = System.nanoTime() + closeTimeout.toNanos();
        running = false;
    }

    void awaitStopped() throws InterruptedException {
        thread.join(closeTimeout.plusSeconds(1));
        if (thread.isAlive()) {
            KafkaConsumer<Long, byte[]> current = consumer;
            if (current != null) {
                current.wakeup();
            }
            thread.join(closeTimeout);
        }
    }

    /** Stops at once without committing and without leaving the group, as a node that died. */
    void crash() throws InterruptedException {
        crashed = true;
        running = false;
        thread.join(closeTimeout);
    }

    private void run() {
        try {
            while (!topicsReady.await(100, TimeUnit.MILLISECONDS)) {
                if (!running) {
                    return;
                }
            }
        } catch (InterruptedException e) {
            return;
        }
        while (running) {
            KafkaConsumer<Long, byte[]> current = null;
            try {
                current = new KafkaConsumer<>(config, new LongDeserializer(), new ByteArrayDeserializer());
                consumer = current;
                join(current);
                if (!shared) {
                    reading.countDown(); // (the group's reader: once the group has answered, see Assignments)
                }
                while (running) {
                    ConsumerRecords<Long, byte[]> records = current.poll(POLL);
                    if (!records.isEmpty() && handle(records)) {
                        done(current, records);
                    }
                }
            } catch (WakeupException | InterruptException stopped) {
                // stop() or crash()
            } catch (RuntimeException e) {
                log.warn("Reading {} failed; trying again in {}", topic, RETRY, e);
                pause();
            } finally {
                if (current != null) {
                    close(current);
                }
            }
        }
    }

    private void join(KafkaConsumer<Long, byte[]> consumer) {
        if (shared) {
            consumer.subscribe(List.of(topic), new Assignments());
            return;
        }
        List<PartitionInfo> partitions = consumer.partitionsFor(topic);
        if (partitions == null || partitions.isEmpty()) {
            throw new IllegalStateException("no partitions known for " + topic);
        }
        List<TopicPartition> all = partitions.stream().map(p -> new TopicPartition(topic, p.partition())).toList();
        consumer.assign(all);
        List<TopicPartition> unread = all.stream().filter(p -> !positions.containsKey(p)).toList();
        if (!unread.isEmpty()) {
            consumer.seekToEnd(unread); // (an empty list would mean all of them)
        }
        positions.forEach(consumer::seek);
        for (TopicPartition partition : all) {
            // Fixes "the end" now: whatever is published from here on is read.
            positions.put(partition, consumer.position(partition));
        }
        assigned.addAll(all);
    }

    /** Hands the batch to the lanes; true once all of it has been handled, false if stopped first. */
    private boolean handle(ConsumerRecords<Long, byte[]> records) {
        CountDownLatch handled = new CountDownLatch(records.count());
        for (ConsumerRecord<Long, byte[]> record : records) {
            Optional<BusEvent> event = read(record);
            if (event.isEmpty()) {
                handled.countDown();
                continue;
            }
            lanes.dispatch(event.get(), listeners.of(event.get().getClass()),
                    originPrefix + record.partition() + ":" + record.offset(), traces.parse(traceparent(record)),
                    handled::countDown);
        }
        try {
            while (!handled.await(50, TimeUnit.MILLISECONDS)) {
                if (crashed || System.nanoTime() - stopDeadline > 0) {
                    return false;
                }
            }
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** The trace the publisher carried on ({@link KafkaEventBus#TRACEPARENT}); null for none (its trace not sampled). */
    private static String traceparent(ConsumerRecord<Long, byte[]> record) {
        Header header = record.headers().lastHeader(KafkaEventBus.TRACEPARENT);
        return header == null || header.value() == null ? null : new String(header.value(), StandardCharsets.US_ASCII);
    }

    private Optional<BusEvent> read(ConsumerRecord<Long, byte[]> record) {
        if (record.value() == null) {
            return Optional.empty();
        }
        try {
            Optional<BusEvent> event = codec.decode(record.value(), listeners::type);
            if (event.isEmpty()) {
                unknown.record(record.topic() + "-" + record.partition() + "@" + record.offset());
            }
            return event;
        } catch (IllegalArgumentException e) {
            log.warn("Skipped {}-{}@{}: {}", record.topic(), record.partition(), record.offset(), e.getMessage());
            return Optional.empty();
        }
    }

    private void done(KafkaConsumer<Long, byte[]> consumer, ConsumerRecords<Long, byte[]> records) {
        Map<TopicPartition, OffsetAndMetadata> next = new HashMap<>();
        for (TopicPartition partition : records.partitions()) {
            long offset = records.records(partition).getLast().offset() + 1;
            next.put(partition, new OffsetAndMetadata(offset));
            if (!shared) {
                positions.put(partition, offset);
            }
        }
        if (!shared) {
            return;
        }
        handledUpTo.putAll(next);
        // Not waited for: a round trip to the broker per batch would delay every event behind it.
        // A commit that fails is covered by the next one, or (partitions moving, the node stopping)
        // by the synchronous commit of what was handled; short of that, whoever reads the
        // partitions next hands the events over again, under the same origins.
        consumer.commitAsync(next, (offsets, failure) -> {
            if (failure != null) {
                log.debug("Could not commit {}: {}", offsets.keySet(), failure.toString());
            }
        });
    }

    /** Commits, and waits for, what was handled of {@code partitions}. */
    private void commitHandled(KafkaConsumer<Long, byte[]> consumer, Collection<TopicPartition> partitions) {
        Map<TopicPartition, OffsetAndMetadata> handled = new HashMap<>();
        for (TopicPartition partition : partitions) {
            OffsetAndMetadata offset = handledUpTo.remove(partition);
            if (offset != null) {
                handled.put(partition, offset);
            }
        }
        if (handled.isEmpty()) {
            return;
        }
        try {
            consumer.commitSync(handled);
        } catch (WakeupException | InterruptException e) {
            throw e;
        } catch (KafkaException e) {
            log.warn("Could not commit {} after handling it: {}", handled.keySet(), e.toString());
        }
    }

    private void close(KafkaConsumer<Long, byte[]> consumer) {
        assigned.clear();
        try {
            if (shared && !crashed) {
                commitHandled(consumer, List.copyOf(handledUpTo.keySet()));
            }
            handledUpTo.clear();
            consumer.close(CloseOptions.timeout(crashed ? Duration.ZERO : closeTimeout)
                    .withGroupMembershipOperation(crashed
                            ? CloseOptions.GroupMembershipOperation.REMAIN_IN_GROUP
                            // Partitions move to the other nodes now, not after the session timeout.
                            : CloseOptions.GroupMembershipOperation.LEAVE_GROUP));
        } catch (RuntimeException e) {
            log.debug("Closing the consumer of {}", topic, e);
        }
    }

    private void pause() {
        try {
            Thread.sleep(RETRY);
        } catch (InterruptedException e) {
            running = false;
        }
    }

    private final class Assignments implements ConsumerRebalanceListener {
        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            assigned.addAll(partitions);
            // Subscribing only asks; reading starts once the group has assigned (perhaps nothing).
            reading.countDown();
        }

        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            // Nothing in hand (a batch is handled before the next poll, where this is called): what
            // was handled is committed before the partitions move, so their next reader starts there.
            commitHandled(consumer, partitions);
            assigned.removeAll(partitions);
        }

        @Override
        public void onPartitionsLost(Collection<TopicPartition> partitions) {
            partitions.forEach(handledUpTo::remove);
            assigned.removeAll(partitions);
        }
    }
}
