package io.parley.platform.bus;

import static org.assertj.core.api.Assertions.assertThat;

import io.parley.platform.tracing.Traces;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** Which bus a node gets: in process unless {@code parley.bus=kafka}, with Kafka's defaults. */
class KafkaBusConfigurationTest {
    private final ApplicationContextRunner context = new ApplicationContextRunner()
            .withBean(Traces.class, () -> Traces.NONE)
            .withUserConfiguration(InProcessEventBus.class, KafkaBusConfiguration.class);

    @Test
    void withoutSettingsTheBusIsInProcess() {
        context.run(started -> assertThat(started.getBean(EventBus.class)).isInstanceOf(InProcessEventBus.class));
    }

    @Test
    void parleyBusKafkaSelectsTheKafkaBusWithItsDefaults() {
        context.withPropertyValues("parley.bus=kafka", "parley.kafka.bootstrap-servers=127.0.0.1:1",
                        "parley.kafka.start-timeout=0s", "parley.kafka.close-timeout=1s")
                .run(started -> {
                    assertThat(started.getBean(EventBus.class)).isInstanceOf(KafkaEventBus.class);
                    KafkaBusProperties properties = started.getBean(KafkaBusProperties.class);
                    assertThat(properties.eventsTopic()).isEqualTo("parley.events");
                    assertThat(properties.broadcastTopic()).isEqualTo("parley.broadcast");
                    assertThat(properties.workGroup()).isEqualTo("parley.work");
                    assertThat(properties.partitions()).isEqualTo(12);
                    assertThat(properties.replicationFactor()).isEqualTo((short) 1);
                    assertThat(properties.sessionTimeout()).isEqualTo(Duration.ofSeconds(6));
                    assertThat(properties.heartbeatInterval()).isEqualTo(Duration.ofMillis(1500));
                });
    }
}
