package io.parley.platform.bus;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The Kafka bus ({@code parley.bus=kafka}).
 *
 * @param bootstrapServers    where the brokers are, {@code host:port,...}
 * @param topicPrefix         put before every topic and group name ({@code <prefix>events},
 *                            {@code <prefix>broadcast}, {@code <prefix>work}), so clusters can share brokers
 * @param partitions          of each topic when this bus creates it: the most nodes that share the work
 *                            (more partitions than nodes lets nodes be added later)
 * @param replicationFactor   copies of each partition when this bus creates the topics: 1 for one broker,
 *                            3 in production (then 2 must have a record before it counts as sent)
 * @param retention           how long a topic keeps events: only for a node catching up after a pause, the
 *                            database keeps what matters
 * @param sendQueue           events waiting for the sender at most; beyond it events are dropped (while
 *                            Kafka is away long)
 * @param linger              how long the producer waits to fill a batch: short, a chat is waiting for it
 * @param deliveryTimeout     how long an event handed to the producer is retried while Kafka is away before it
 *                            is given up
 * @param sessionTimeout      after how long without a heartbeat a node's partitions go to the others
 *                            (Kafka's brokers accept 6 s at least unless told otherwise)
 * @param heartbeatInterval   how often a node tells the group it is alive (a third of the session timeout or less)
 * @param requestTimeout      how long one request (a send's metadata, a commit, creating topics) may take
 * @param startTimeout        how long start-up waits for Kafka before going on without it (the bus keeps
 *                            trying and catches up); zero: never wait
 * @param closeTimeout        how long shutting down may wait for events in hand to be handled and sent
 * @param lanes               threads that run listeners, by routing key; 0: four per core (at least
 *                            eight): across nodes, listeners wait on the network (where recipients
 *                            are, sending frames to their nodes), not only on the processor
 */
@ConfigurationProperties("parley.kafka")
record KafkaBusProperties(
        @DefaultValue("127.0.0.1:9092") String bootstrapServers,
        @DefaultValue("parley.") String topicPrefix,
        @DefaultValue("12") int partitions,
        @DefaultValue("1") short replicationFactor,
        @DefaultValue("1d") Duration retention,
        @DefaultValue("10000") int sendQueue,
        @DefaultValue("1ms") Duration linger,
        @DefaultValue("2m") Duration deliveryTimeout,
        @DefaultValue("6s") Duration sessionTimeout,
        @DefaultValue("1500ms") Duration heartbeatInterval,
        @DefaultValue("10s") Duration requestTimeout,
        @DefaultValue("10s") Duration startTimeout,
        @DefaultValue("10s") Duration closeTimeout,
        @DefaultValue("0") int lanes) {

    KafkaBusProperties {
        if (bootstrapServers == null || bootstrapServers.isBlank()) {
            throw new IllegalArgumentException("parley.kafka.bootstrap-servers is required");
        }
        if (partitions < 1 || replicationFactor < 1 || sendQueue < 1 || lanes < 0) {
            throw new IllegalArgumentException(
                    "parley.kafka: partitions, replication-factor and send-queue must be positive, lanes not negative");
        }
    }

    String eventsTopic() {
        return topicPrefix + "events";
    }

    String broadcastTopic() {
        return topicPrefix + "broadcast";
    }

    String workGroup() {
        return topicPrefix + "work";
    }

    int laneCount() {
        return lanes == 0 ? Math.max(8, 4 * Runtime.getRuntime().availableProcessors()) : lanes;
    }
}
