package io.parley.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A two-node cluster, started once for the class from the repository's own build: every part
 * healthy and listed, the app over HTTPS and a WebSocket over WSS through nginx, the client's
 * address seen by the nodes, each part restarted on its own, and nothing left behind by stop.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClusterLauncherIT {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String PASSWORD = "correct horse battery";

    private static Path dir;
    private static Cluster cluster;
    private static HttpClient http;

    @BeforeAll
    static void startCluster() throws IOException {
        Path repo = Path.of(System.getProperty("parley.repo", "../..")).toAbsolutePath().normalize();
        dir = repo.resolve("deploy/cluster/target/cluster-it");
        // A fresh directory (fresh database) every run; first stop what a crashed run may have left there.
        Cluster.stop(dir);
        Cluster.deleteTree(dir);
        cluster = Cluster.start(ClusterSpec.of(repo, dir, 2).withPorts(0, 0).withNginxWorkers("1").withServerArgs(List.of(
                // Small, so that the forwarded-address test needs few requests.
                "--parley.rate-limits.sign-in-ip.permits=3")));
        http = client(null);
    }

    @AfterAll
    static void stopCluster() {
        if (cluster != null) {
            cluster.stop();
        }
    }

    @Test
    @Order(1)
    void every_part_is_healthy_on_its_own_address_and_status_shows_it_to_another_process() {
        List<PartStatus> status = cluster.status();
        assertThat(status).extracting(PartStatus::name)
                .containsExactly("postgres", "redis", "kafka", "node-1", "node-2", "nginx");
        assertThat(status).allSatisfy(part -> {
            assertThat(part.healthy()).as(part.name() + " healthy").isTrue();
            assertThat(ProcessHandle.of(part.pid())).as(part.name() + " process").hasValueSatisfying(
                    process -> assertThat(process.isAlive()).isTrue());
        });
        assertThat(cluster.nodes()).extracting(Node::address).containsExactly("127.0.0.2", "127.0.0.3");

        // What ./parley cluster status reads: the state file, probed afresh.
        assertThat(Cluster.status(dir)).hasValueSatisfying(recorded -> {
            assertThat(recorded).extracting(PartStatus::name, PartStatus::pid, PartStatus::port)
                    .containsExactlyElementsOf(status.stream()
                            .map(part -> org.assertj.core.groups.Tuple.tuple(part.name(), part.pid(), part.port())).toList());
            assertThat(recorded).allMatch(PartStatus::healthy);
        });
    }

    @Test
    @Order(2)
    void the_app_loads_over_https_through_nginx() throws Exception {
        HttpResponse<String> page = get(cluster.url().resolve("/"));
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("content-type")).hasValueSatisfying(type -> assertThat(type).startsWith("text/html"));
        assertThat(page.body()).contains("<div id=\"root\">");
        // The page comes from a node, which names its inline blocks in the policy.
        assertThat(page.headers().firstValue("content-security-policy")).hasValueSatisfying(
                policy -> assertThat(policy).contains("script-src 'self'"));

        Matcher bundle = Pattern.compile("src=\"(/_expo/[^\"]+\\.js)\"").matcher(page.body());
        assertThat(bundle.find()).as("the page names its bundle").isTrue();
        HttpResponse<String> script = get(cluster.url().resolve(bundle.group(1)));
        assertThat(script.statusCode()).isEqualTo(200);
        assertThat(script.headers().firstValue("cache-control")).hasValue("public, max-age=31536000, immutable");
        assertThat(script.body()).isNotEmpty();

        // A route of the app answers the page; a missing file is a 404, as on one node.
        assertThat(get(cluster.url().resolve("/chats/123")).body()).contains("<div id=\"root\">");
        assertThat(get(cluster.url().resolve("/missing-file.js")).statusCode()).isEqualTo(404);
        assertThat(get(cluster.url().resolve("/v3/api-docs")).body()).contains("\"openapi\"");
        assertThat(get(cluster.url().resolve("/actuator/health")).body()).contains("\"UP\"");
        // Metrics: on each node's management port, never on its public port nor through nginx.
        for (Node node : cluster.nodes()) {
            HttpResponse<String> metrics = get(node.managementUrl().resolve("/actuator/prometheus"));
            assertThat(metrics.statusCode()).isEqualTo(200);
            assertThat(metrics.body()).contains("parley_gateway_connections", "parley_bus_lag");
            assertThat(get(node.url().resolve("/actuator/prometheus")).statusCode()).isEqualTo(404);
            assertThat(get(node.url().resolve("/actuator/health/readiness")).body()).contains("\"UP\"");
        }
        assertThat(get(cluster.url().resolve("/actuator/prometheus")).statusCode()).isEqualTo(404);

        HttpResponse<String> plain = get(URI.create("http://127.0.0.1:" + cluster.nginx().httpPort() + "/chats?x=1"));
        assertThat(plain.statusCode()).isEqualTo(301);
        assertThat(plain.headers().firstValue("location"))
                .hasValue("https://127.0.0.1:" + cluster.nginx().port() + "/chats?x=1");
    }

    @Test
    @Order(3)
    void a_sign_up_and_a_websocket_work_through_nginx() throws Exception {
        JsonNode tokens = signUp("ana_cluster");
        BlockingQueue<JsonNode> frames = new LinkedBlockingQueue<>();
        WebSocket socket = http.newWebSocketBuilder()
                .header("Authorization", "Bearer " + tokens.get("accessToken").asString())
                .buildAsync(URI.create("wss://localhost:" + cluster.nginx().port() + "/ws"), new Frames(frames))
                .get(WAIT.toSeconds(), TimeUnit.SECONDS);
        try {
            JsonNode hello = next(frames);
            assertThat(hello.get("type").asString()).isEqualTo("hello");
            assertThat(hello.get("userId").asString()).isEqualTo(tokens.get("userId").asString());
            socket.sendText("{\"type\":\"ping\"}", true).get(WAIT.toSeconds(), TimeUnit.SECONDS);
            JsonNode pong = next(frames);
            while (!pong.get("type").asString().equals("pong")) {
                pong = next(frames);
            }
            assertThat(pong.has("serverTime")).isTrue();
        } finally {
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "done");
        }
    }

    @Test
    @Order(4)
    void the_nodes_see_the_clients_address_not_nginxs() throws Exception {
        // sign-in-ip allows 3 attempts per address here, counted across both nodes (in Redis).
        HttpClient first = client(InetAddress.getByName("127.0.1.9"));
        List<Integer> statuses = new ArrayList<>();
        for (int attempt = 0; attempt < 4; attempt++) {
            statuses.add(signIn(first, "nobody" + attempt + "@example.com").statusCode());
        }
        assertThat(statuses.subList(0, 3)).doesNotContain(429);
        assertThat(statuses.get(3)).isEqualTo(429);
        // Another client address has attempts of its own: the limit was not on nginx's address.
        assertThat(signIn(client(InetAddress.getByName("127.0.1.10")), "nobody@example.com").statusCode())
                .isNotEqualTo(429);
    }

    @Test
    @Order(5)
    void each_part_restarts_on_its_own_address_port_and_data() throws Exception {
        Node node = cluster.node(2);
        int port = node.port();
        node.kill();
        assertThat(node.running()).isFalse();
        assertThat(Cluster.status(dir)).hasValueSatisfying(recorded -> assertThat(recorded)
                .filteredOn(part -> part.name().equals("node-2")).singleElement()
                .satisfies(part -> assertThat(part.running()).isFalse()));
        node.start();
        assertThat(node.port()).isEqualTo(port);
        assertThat(node.healthy()).isTrue();

        for (Part part : List.of(cluster.redis(), cluster.kafka(), cluster.postgres())) {
            long before = part.pid().orElseThrow();
            part.stop();
            assertThat(part.running()).as(part.name() + " stopped").isFalse();
            assertThat(ProcessHandle.of(before).filter(ProcessHandle::isAlive)).isEmpty();
            part.start();
            assertThat(part.healthy()).as(part.name() + " healthy again").isTrue();
        }

        // PostgreSQL kept its data: the account made before signs in again, once the nodes have
        // reconnected (until then a node may answer 5xx; a 401 would mean the account is gone).
        long deadline = System.nanoTime() + WAIT.toNanos();
        int attempt = 0;
        int status;
        do {
            // A fresh client address each time (sign-in-ip allows 3 per address here).
            status = signIn(client(InetAddress.getByName("127.0.1." + (20 + attempt++ % 200))), "ana_cluster@example.com")
                    .statusCode();
        } while (status >= 500 && System.nanoTime() < deadline);
        assertThat(status).isEqualTo(200);
    }

    @Test
    @Order(6)
    void stopping_leaves_no_process_behind() {
        List<ProcessHandle> processes = new ArrayList<>();
        for (Part part : cluster.parts()) {
            ProcessHandle process = ProcessHandle.of(part.pid().orElseThrow()).orElseThrow();
            processes.add(process);
            processes.addAll(process.descendants().toList());
        }
        assertThat(processes).hasSizeGreaterThan(cluster.parts().size()); // nginx's worker, PostgreSQL's helpers

        cluster.stop();

        assertThat(processes).noneMatch(ProcessHandle::isAlive);
        assertThat(cluster.parts()).noneMatch(Part::running);
        assertThat(Files.exists(dir.resolve(ClusterState.FILE))).isFalse();
        assertThat(Cluster.status(dir)).isEmpty();
    }

    private static JsonNode signUp(String name) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(cluster.url().resolve("/api/auth/local/sign-up"))
                .header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("""
                        {"email":"%s@example.com","password":"%s","displayName":"%s","parleyId":"%s"}"""
                        .formatted(name, PASSWORD, name, name)))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        return JSON.readTree(response.body());
    }

    private static HttpResponse<String> signIn(HttpClient client, String email) throws IOException, InterruptedException {
        // 127.0.0.1 in the URL: the client's own address is IPv4, and the certificate names 127.0.0.1 too.
        return client.send(HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + cluster.nginx().port()
                        + "/api/auth/local/sign-in"))
                .header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"email\":\"%s\",\"password\":\"%s\"}".formatted(email, PASSWORD)))
                .build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> get(URI uri) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(uri).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpClient client(InetAddress from) {
        HttpClient.Builder builder = HttpClient.newBuilder().sslContext(cluster.sslContext()).connectTimeout(WAIT);
        if (from != null) {
            builder.localAddress(from);
        }
        return builder.build();
    }

    private static JsonNode next(BlockingQueue<JsonNode> frames) throws InterruptedException {
        JsonNode frame = frames.poll(WAIT.toSeconds(), TimeUnit.SECONDS);
        assertThat(frame).as("a frame within " + WAIT.toSeconds() + " s").isNotNull();
        return frame;
    }

    /** Whole text frames, parsed. */
    private record Frames(BlockingQueue<JsonNode> frames, StringBuilder partial) implements WebSocket.Listener {
        Frames(BlockingQueue<JsonNode> frames) {
            this(frames, new StringBuilder());
        }

        @Override
        public CompletionStage<?> onText(WebSocket socket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                frames.add(JSON.readTree(partial.toString()));
                partial.setLength(0);
            }
            socket.request(1);
            return null;
        }
    }
}
