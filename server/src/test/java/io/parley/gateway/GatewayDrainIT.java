package io.parley.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.parley.ParleyApplication;
import io.parley.support.Api;
import io.parley.support.Eventually;
import io.parley.support.IntegrationTest;
import io.parley.support.TestPostgres;
import io.parley.support.WsClient;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.Lifecycle;
import org.springframework.context.event.ContextClosedEvent;
import tools.jackson.databind.JsonNode;

/**
 * A node shutting down finishes the sends it queued, answers them, and only then closes its sockets
 * with 1001 (going away). The send is held in the database (a lock on the messages table) until
 * the message writer has begun to stop, so it is surely still queued then; had the sockets been
 * closed before the writer stopped, the ack could never arrive. A node of its own, since the test
 * stops it.
 */
class GatewayDrainIT {

    @Test
    void aStoppingNodeAnswersTheSendItQueuedThenClosesItsSocketsWith1001() throws Exception {
        ConfigurableApplicationContext node = start();
        CountDownLatch closing = new CountDownLatch(1);
        node.addApplicationListener(event -> {
            if (event instanceof ContextClosedEvent) {
                closing.countDown();
            }
        });
        CompletableFuture<Void> shutdown = null;
        try {
            int port = ((WebServerApplicationContext) node).getWebServer().getPort();
            Api api = new Api(port);
            String unique = Long.toString(System.nanoTime(), 36);
            Api.Response signUp = api.post("/api/auth/local/sign-up", null, Api.map("email", "drain" + unique
                    + "@example.com", "password", "pass-" + unique, "displayName", "Ana", "parleyId", "d" + unique));
            assertThat(signUp.status()).as(signUp.toString()).isEqualTo(201);
            String token = signUp.at("/accessToken");
            Api.Response group = api.post("/api/groups", token, Api.map("name", "Last words", "joinMode", "open"));
            assertThat(group.status()).as(group.toString()).isEqualTo(201);

            try (WsClient socket = WsClient.connect(port, token); Connection database = database()) {
                database.setAutoCommit(false);
                database.createStatement().execute("lock table messages in share mode");
                String id = socket.nextId();
                socket.send(Api.map("type", "send", "id", id, "conversationId", group.at("/id"),
                        "clientMessageId", UUID.randomUUID().toString(), "body", "the last word"));
                assertThat(Eventually.holds(GatewayDrainIT::anInsertWaitsForTheLock, Duration.ofSeconds(10)))
                        .as("the send is queued, its insert waiting").isTrue();

                Lifecycle writer = node.getBean("messageWriter", Lifecycle.class);
                shutdown = CompletableFuture.runAsync(node::close);
                assertThat(closing.await(10, TimeUnit.SECONDS)).isTrue();
                // The writer is stopping, its send still queued: from here it must be stored and answered.
                assertThat(Eventually.holds(() -> !writer.isRunning(), Duration.ofSeconds(40))).isTrue();
                database.rollback();

                JsonNode ack = socket.awaitReply(id);
                assertThat(ack.path("type").asString()).as(ack.toString()).isEqualTo("ack");
                assertThat(socket.closeCode(Duration.ofSeconds(20))).isEqualTo(1001);
                shutdown.get(60, TimeUnit.SECONDS);
                assertThat(stored(Long.parseLong(ack.path("message").path("id").asString()))).isTrue();
            }
        } finally {
            if (shutdown == null) {
                node.close();
            }
        }
    }

    private static ConfigurableApplicationContext start() {
        Map<String, Object> properties = new HashMap<>();
        IntegrationTest.registerEngines((name, value) -> properties.put(name, value.get()));
        properties.put("server.port", "0");
        properties.put("parley.auth.local.argon2-memory-kib", "1024");
        properties.put("parley.auth.local.argon2-iterations", "1");
        // As arguments: they override application.yml (builder properties would only be defaults).
        return new SpringApplicationBuilder(ParleyApplication.class).run(properties.entrySet().stream()
                .map(property -> "--" + property.getKey() + "=" + property.getValue()).toArray(String[]::new));
    }

    private static Connection database() throws SQLException {
        return DriverManager.getConnection(TestPostgres.url("parley_it"), "postgres", "");
    }

    private static boolean anInsertWaitsForTheLock() {
        try (Connection connection = database(); ResultSet waiting = connection.createStatement().executeQuery(
                "select count(*) from pg_locks where not granted and relation = 'messages'::regclass")) {
            return waiting.next() && waiting.getLong(1) > 0;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static boolean stored(long messageId) throws SQLException {
        try (Connection connection = database();
                PreparedStatement query = connection.prepareStatement("select count(*) from messages where id = ?")) {
            query.setLong(1, messageId);
            try (ResultSet count = query.executeQuery()) {
                return count.next() && count.getLong(1) == 1;
            }
        }
    }
}
