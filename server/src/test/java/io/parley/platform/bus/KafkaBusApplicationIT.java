package io.parley.platform.bus;

import static org.assertj.core.api.Assertions.assertThat;

import io.parley.support.IntegrationTest;
import io.parley.support.TestUser;
import io.parley.support.WsClient;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * The whole server with {@code parley.bus=kafka}: features' events go through a real broker.
 * Its context is closed after the class, while PostgreSQL and the broker still run: left to the
 * JVM's exit, its slower shutdown (the bus leaves the group, flushes) lost the race against the
 * embedded PostgreSQL's own exit hook, and the last writes then waited 30 s for a connection.
 */
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
class KafkaBusApplicationIT extends IntegrationTest {

    @Autowired
    EventBus bus;

    @DynamicPropertySource
    static void kafka(DynamicPropertyRegistry registry) {
        registry.add("parley.bus", () -> "kafka");
        registry.add("parley.kafka.bootstrap-servers", TestKafka::bootstrapServers);
        registry.add("parley.kafka.topic-prefix", TestKafka::uniquePrefix);
        registry.add("parley.kafka.partitions", () -> "4");
        registry.add("logging.level.kafka", () -> "warn");
        registry.add("logging.level.state.change.logger", () -> "warn");
        registry.add("logging.level.org.apache.kafka", () -> "warn");
    }

    @Test
    void messagesReachTheOtherPersonThroughKafka() {
        assertThat(bus).isInstanceOf(KafkaEventBus.class);
        TestUser ana = signUp("Ana");
        TestUser bo = signUp("Bo");
        String chat = directChat(ana, bo);
        try (WsClient anaSocket = connect(ana); WsClient boSocket = connect(bo)) {
            String first = anaSocket.sendMessage(chat, "one").at("/message/id").asString();
            String second = anaSocket.sendMessage(chat, "two").at("/message/id").asString();
            JsonNode atBo = boSocket.await("message", f -> f.at("/message/id").asString().equals(first));
            assertThat(atBo.at("/message/body").asString()).isEqualTo("one");
            boSocket.await("message", f -> f.at("/message/id").asString().equals(second));
            assertThat(boSocket.all("message")).extracting(f -> f.at("/message/body").asString())
                    .containsExactly("one", "two");
        }
    }

    @Test
    void signingOutClosesTheSocketThroughTheBroadcastTopic() {
        TestUser ana = signUp("Ana");
        TestUser laptop = newDevice(ana, "Laptop");
        try (WsClient phoneSocket = connect(ana); WsClient laptopSocket = connect(laptop)) {
            api.post("/api/auth/sign-out", ana.accessToken(), null);
            assertThat(phoneSocket.closeCode(Duration.ofSeconds(10))).isEqualTo(4001);
            assertThat(laptopSocket.isOpen()).isTrue();
        }
    }
}
