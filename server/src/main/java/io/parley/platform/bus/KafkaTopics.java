package io.parley.platform.bus;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates the bus's topics if they are missing. Nodes must never let a broker create them on
 * first use: it would give them the broker's default partition count (often 1, so one node would
 * do all the work).
 */
final class KafkaTopics {
    private static final Logger log = LoggerFactory.getLogger(KafkaTopics.class);

    private KafkaTopics() {
    }

    /** Returns when both topics exist; throws if Kafka cannot be asked (the caller tries again). */
    static void ensure(KafkaBusProperties properties) throws ExecutionException, InterruptedException {
        int timeout = (int) properties.requestTimeout().toMillis();
        try (Admin admin = Admin.create(Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, properties.bootstrapServers(),
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, timeout,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, timeout,
                // While no broker answers, the default ("rebootstrap") starts over hundreds of times a
                // second, each logged; the caller tries again anyway, with a fresh client.
                AdminClientConfig.METADATA_RECOVERY_STRATEGY_CONFIG, "none"))) {
            List<String> names = List.of(properties.eventsTopic(), properties.broadcastTopic());
            Set<String> existing = admin.listTopics().names().get();
            List<NewTopic> missing = new ArrayList<>();
            for (String name : names) {
                if (!existing.contains(name)) {
                    missing.add(new NewTopic(name, properties.partitions(), properties.replicationFactor())
                            .configs(Map.of(
                                    TopicConfig.RETENTION_MS_CONFIG, Long.toString(properties.retention().toMillis()),
                                    // With 3 copies, a send counts once 2 have it: one broker may be down.
                                    TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG,
                                    Integer.toString(Math.max(1, Math.min(2, properties.replicationFactor() - 1))))));
                }
            }
            for (var created : admin.createTopics(missing).values().entrySet()) {
                try {
                    created.getValue().get();
                    log.info("Created topic {} ({} partitions, {} replicas)", created.getKey(),
                            properties.partitions(), properties.replicationFactor());
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw e;
                    }
                    // Another node starting at the same time made it.
                }
            }
            for (TopicDescription topic : admin.describeTopics(names).allTopicNames().get().values()) {
                if (topic.partitions().size() != properties.partitions()) {
                    log.warn("Topic {} has {} partitions, parley.kafka.partitions says {}: the topic wins",
                            topic.name(), topic.partitions().size(), properties.partitions());
                }
            }
        }
    }
}
