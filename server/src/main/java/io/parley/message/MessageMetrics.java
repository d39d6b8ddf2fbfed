package io.parley.message;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.springframework.stereotype.Component;

/** The message path's meters: what the writer takes in, commits and holds. No tags: nothing per user or conversation. */
@Component
final class MessageMetrics {
    private final MeterRegistry registry;
    private final Counter accepted;
    private final Counter refused;
    private final Counter committed;
    private final DistributionSummary batchSize;
    private final Timer commitLatency;

    MessageMetrics(MeterRegistry registry) {
        this.registry = registry;
        accepted = Counter.builder("parley.messages.accepted")
                .description("Sends queued for the writer").register(registry);
        refused = Counter.builder("parley.messages.refused")
                .description("Sends refused as server-busy because the writer's queue was full (or it was stopping)")
                .register(registry);
        committed = Counter.builder("parley.messages.committed")
                .description("New messages stored (a retried send that found its message stored is not counted)")
                .register(registry);
        batchSize = DistributionSummary.builder("parley.writer.batch.size")
                .description("Messages per insert")
                .serviceLevelObjectives(1, 2, 5, 10, 20, 50, 100, 200, 500)
                .register(registry);
        commitLatency = Timer.builder("parley.writer.commit.latency")
                .description("Inserting and committing one batch")
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(1))
                .maximumExpectedValue(Duration.ofSeconds(30))
                .register(registry);
    }

    /** The writer's queues, read at each scrape. */
    void watch(MessageWriter writer) {
        Gauge.builder("parley.writer.queue.depth", writer, MessageWriter::queued)
                .description("Sends waiting for the writer").register(registry);
        Gauge.builder("parley.writer.queue.capacity", writer, MessageWriter::capacity)
                .description("Sends the writer's queues hold before refusing more").register(registry);
    }

    void accepted() {
        accepted.increment();
    }

    void refused() {
        refused.increment();
    }

    void committed(int messages) {
        committed.increment(messages);
    }

    void batch(int messages, long nanos) {
        batchSize.record(messages);
        commitLatency.record(nanos, TimeUnit.NANOSECONDS);
    }
}
