package io.parley.platform.bus;

import ch.qos.logback.classic.Level;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

/**
 * One real Kafka broker (KRaft, in this JVM) for all tests, gone when the JVM exits, and Kafka
 * buses on it. Buses of one test share a topic prefix (they are one cluster's nodes); tests never
 * share one.
 */
public final class TestKafka {
    private static final AtomicLong prefixes = new AtomicLong();
    private static EmbeddedKafkaKraftBroker broker;

    static {
        // The broker tells a lot at INFO; its warnings (and the bus's own logs) are what a test needs.
        for (String name : new String[] {"kafka", "org.apache.kafka"}) {
            ((ch.qos.logback.classic.Logger) LoggerFactory.getLogger(name)).setLevel(Level.WARN);
        }
    }

    private TestKafka() {
    }

    public static synchronized String bootstrapServers() {
        if (broker == null) {
            // Kafka's test kit deletes its directories when the JVM exits (stopping the broker
            // first raced that deletion); its threads end with the JVM.
            broker = start(Map.of());
        }
        return broker.getBrokersAsString();
    }

    private static EmbeddedKafkaKraftBroker start(Map<String, String> properties) {
        EmbeddedKafkaKraftBroker started = new EmbeddedKafkaKraftBroker(1, 1);
        started.brokerProperties(properties);
        started.afterPropertiesSet();
        return started;
    }

    /**
     * A broker of its own that clients reach only through {@code gate} (it tells them its address
     * is the gate's), so a test can cut them off; stop it with {@code destroy()}.
     */
    static EmbeddedKafkaKraftBroker start(TcpGate gate) {
        // The gate forwards to the broker's port, known only once it runs: bind the broker first.
        EmbeddedKafkaKraftBroker started = start(Map.of("advertised.listeners", "EXTERNAL://127.0.0.1:" + gate.port()));
        gate.forwardTo(Integer.parseInt(started.getBrokersAsString().replaceAll(".*:", "")));
        return started;
    }

    /** A topic prefix no other test uses. */
    public static String uniquePrefix() {
        return "t" + prefixes.incrementAndGet() + ".";
    }

    /** The bus's settings as {@code parley.kafka.*} would bind them, with these on top. */
    static KafkaBusProperties properties(String bootstrapServers, String prefix, Map<String, String> overrides) {
        Map<String, String> values = new HashMap<>();
        values.put("parley.kafka.bootstrap-servers", bootstrapServers);
        values.put("parley.kafka.topic-prefix", prefix);
        overrides.forEach((name, value) -> values.put("parley.kafka." + name, value));
        return new Binder(new MapConfigurationPropertySource(values)).bind("parley.kafka", KafkaBusProperties.class)
                .get();
    }

    /** A started bus on the shared broker, ready to read (its topics made). */
    static KafkaEventBus newBus(String prefix, Map<String, String> overrides) {
        KafkaEventBus bus = new KafkaEventBus(properties(bootstrapServers(), prefix, overrides));
        bus.start();
        try {
            if (!bus.awaitReady(java.time.Duration.ofSeconds(30))) {
                throw new IllegalStateException("the Kafka bus did not get ready");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        return bus;
    }
}
