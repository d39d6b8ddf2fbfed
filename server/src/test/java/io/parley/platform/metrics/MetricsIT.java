package io.parley.platform.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.parley.support.Api;
import io.parley.support.IntegrationTest;
import io.parley.support.TestUser;
import io.parley.support.WsClient;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * /actuator/prometheus on the management port, as in the prod profile, scraped before and after a
 * short chat: the key meters move, and no tag names a person, a device or a conversation.
 */
@TestPropertySource(properties = "management.server.port=0")
class MetricsIT extends IntegrationTest {
    private static final Pattern SAMPLE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{(.*)})? (\\S+)$");
    private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\"");

    @LocalManagementPort
    int managementPort;

    private Api management;

    @BeforeEach
    void managementApi() {
        management = new Api(managementPort);
    }

    @Test
    void aShortChatMovesTheKeyMetersAndNoTagNamesAPersonOrAConversation() {
        Scrape before = scrape();
        TestUser ana = signUp("Ana");
        TestUser ben = signUp("Ben");
        String chat = directChat(ana, ben);
        List<String> ids = new ArrayList<>(List.of(ana.idString(), ben.idString(), chat, ana.parleyId(), ben.parleyId()));
        Scrape during;
        try (WsClient anaSocket = connect(ana); WsClient benSocket = connect(ben)) {
            anaSocket.await("hello");
            benSocket.await("hello");
            JsonNode first = anaSocket.sendMessage(chat, "Hi Ben");
            ids.add(first.at("/message/id").asString());
            benSocket.await("message", frame -> frame.at("/message/id").asString().equals(ids.getLast()));
            JsonNode second = benSocket.sendMessage(chat, "Hi Ana");
            ids.add(second.at("/message/id").asString());
            anaSocket.await("message", frame -> frame.at("/message/id").asString().equals(ids.getLast()));
            anaSocket.sendText("this is not a frame");
            anaSocket.await("error");
            assertThat(api.get("/api/sync", ben.accessToken()).status()).isEqualTo(200);
            // Paths with ids: a route (its template is the tag) and a path no route has (404).
            assertThat(api.get("/api/conversations/" + chat + "/messages", ana.accessToken()).status()).isEqualTo(200);
            assertThat(api.get("/api/conversations/" + chat + "/nothing-here/" + ana.idString(), ana.accessToken())
                    .status()).isEqualTo(404);
            during = eventually(this::scrape, scrape -> scrape.delta(before, "parley_gateway_fanout_latency_seconds_count") >= 2
                    && scrape.delta(before, "parley_gateway_deliveries_total") >= 6
                    && scrape.delta(before, "http_server_requests_seconds_count", "uri", "/api/sync") >= 1);
        }

        assertThat(during.sum("parley_gateway_connections")).isGreaterThanOrEqualTo(2);
        assertThat(during.delta(before, "parley_gateway_frames_in_total", "type", "send")).isEqualTo(2);
        assertThat(during.delta(before, "parley_gateway_frames_in_total", "type", "unreadable")).isEqualTo(1);
        assertThat(during.delta(before, "parley_gateway_frames_out_total", "type", "ack")).isEqualTo(2);
        assertThat(during.delta(before, "parley_gateway_frames_out_total", "type", "message")).isGreaterThanOrEqualTo(2);
        assertThat(during.delta(before, "parley_gateway_frames_out_total", "type", "hello")).isEqualTo(2);
        // Hellos, acks and the other's message at least, on two sockets.
        assertThat(during.delta(before, "parley_gateway_deliveries_total")).isGreaterThanOrEqualTo(6);
        assertThat(during.names()).contains("parley_gateway_slow_consumers_total", "parley_bus_lag",
                "parley_writer_queue_depth", "parley_messages_refused_total");
        assertThat(during.delta(before, "parley_messages_accepted_total")).isEqualTo(2);
        assertThat(during.delta(before, "parley_messages_committed_total")).isEqualTo(2);
        assertThat(during.delta(before, "parley_writer_batch_size_count")).isBetween(1.0, 2.0);
        assertThat(during.delta(before, "parley_writer_batch_size_sum")).isEqualTo(2);
        assertThat(during.delta(before, "parley_writer_commit_latency_seconds_count")).isBetween(1.0, 2.0);
        assertThat(during.sum("parley_writer_queue_capacity")).isPositive();
        assertThat(during.delta(before, "parley_gateway_fanout_latency_seconds_count")).isGreaterThanOrEqualTo(2);
        assertThat(during.delta(before, "parley_sync_calls_seconds_count")).isEqualTo(1);
        assertThat(during.delta(before, "http_server_requests_seconds_count", "uri", "/api/conversations/{conversationId}/messages"))
                .isGreaterThanOrEqualTo(1);
        assertThat(during.delta(before, "http_server_requests_seconds_count", "uri", "/api/conversations/direct"))
                .isGreaterThanOrEqualTo(1);
        // Latency buckets per route, for the dashboard's quantiles and the error-rate alert.
        assertThat(during.names()).contains("http_server_requests_seconds_bucket");

        Set<String> values = during.labelValues();
        for (String id : ids) {
            assertThat(values).as("tag values").noneSatisfy(value -> assertThat(value).contains(id));
        }
        assertThat(values).contains("NOT_FOUND").noneSatisfy(value -> assertThat(value).contains(ana.email()));
    }

    @Test
    void everyMetricTheDashboardAndTheAlertsReadIsExported() {
        Set<String> exported = scrape().names();
        Set<String> missing = new TreeSet<>(MonitoringFiles.allMetricNames());
        missing.removeAll(exported);
        missing.removeAll(MonitoringFiles.FROM_PROMETHEUS);
        assertThat(missing).isEmpty();
    }

    @Test
    void thePublicPortAnswersHealthButNeverMetrics() {
        assertThat(api.get("/actuator/prometheus", null).status()).isEqualTo(404);
        assertThat(api.get("/actuator", null).status()).isEqualTo(404);
        assertThat(api.get("/actuator/health", null).at("/status")).isEqualTo("UP");
        assertThat(api.get("/actuator/health/liveness", null).at("/status")).isEqualTo("UP");
        assertThat(api.get("/actuator/health/readiness", null).at("/status")).isEqualTo("UP");
        assertThat(api.get("/actuator/health/nothing", null).status()).isEqualTo(404);
        assertThat(management.get("/actuator/health/readiness", null).at("/status")).isEqualTo("UP");
        assertThat(management.get("/actuator/prometheus", null).status()).isEqualTo(200);
    }

    private Scrape scrape() {
        Api.Response response = management.get("/actuator/prometheus", null);
        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        return Scrape.parse(response.body());
    }

    /** One scrape: each sample's name, labels and value. */
    record Scrape(List<Sample> samples) {
        record Sample(String name, Map<String, String> labels, double value) {
        }

        static Scrape parse(String text) {
            List<Sample> samples = new ArrayList<>();
            for (String line : text.lines().toList()) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                Matcher sample = SAMPLE.matcher(line);
                assertThat(sample.matches()).as(line).isTrue();
                Map<String, String> labels = new HashMap<>();
                if (sample.group(3) != null) {
                    Matcher label = LABEL.matcher(sample.group(3));
                    while (label.find()) {
                        labels.put(label.group(1), label.group(2));
                    }
                }
                samples.add(new Sample(sample.group(1), labels, Double.parseDouble(sample.group(4))));
            }
            return new Scrape(samples);
        }

        double sum(String name, String... labelAndValue) {
            return samples.stream().filter(s -> s.name().equals(name))
                    .filter(s -> labelAndValue.length == 0 || labelAndValue[1].equals(s.labels().get(labelAndValue[0])))
                    .mapToDouble(Sample::value).sum();
        }

        double delta(Scrape before, String name, String... labelAndValue) {
            return sum(name, labelAndValue) - before.sum(name, labelAndValue);
        }

        Set<String> names() {
            Set<String> names = new TreeSet<>();
            samples.forEach(s -> names.add(s.name()));
            return names;
        }

        Set<String> labelValues() {
            Set<String> values = new TreeSet<>();
            samples.forEach(s -> values.addAll(s.labels().values()));
            return values;
        }
    }
}
