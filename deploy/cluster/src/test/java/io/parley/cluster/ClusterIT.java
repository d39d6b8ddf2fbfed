package io.parley.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.parley.cluster.scenarios.NodeChannels;
import io.parley.cluster.scenarios.Rest;
import io.parley.support.Api;
import io.parley.support.Eventually;
import io.parley.support.TestUser;
import io.parley.support.WsClient;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntFunction;
import java.util.function.Predicate;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import tools.jackson.databind.JsonNode;

/**
 * Parley on three nodes with nginx, Redis, Kafka and PostgreSQL, all real, started once for the
 * class. Each client is placed on purpose: directly on a node (bypassing nginx), or through nginx
 * (TLS, least connections: any node). Every expectation waits for a frame with a deadline; that
 * something did NOT arrive is proven by a later frame that did.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClusterIT {
    private static final Duration WAIT = Duration.ofSeconds(10);
    /** Per user, shared by the nodes (Redis); small so that the rate-limit scenario spends it quickly. */
    private static final int SEND_PERMITS = 5;
    private static final int GROUP_SIZE = 200;
    /** Where a client goes: 0 is nginx, 1..3 the nodes themselves. */
    private static final int NGINX = 0;

    private static Cluster cluster;
    private static final List<Rest> rest = new ArrayList<>();
    private static final List<String> ws = new ArrayList<>();

    @BeforeAll
    static void startCluster() throws IOException {
        Path repo = Path.of(System.getProperty("parley.repo", "../..")).toAbsolutePath().normalize();
        Path dir = repo.resolve("deploy/cluster/target/cluster-multinode-it");
        Cluster.stop(dir);
        Cluster.deleteTree(dir);
        cluster = Cluster.start(ClusterSpec.of(repo, dir, 3).withPorts(0, 0).withNginxWorkers("1").withServerArgs(List.of(
                // Hundreds of users sign up (and in) from this one address.
                "--parley.rate-limits.sign-up-ip.permits=1000",
                "--parley.rate-limits.sign-in-ip.permits=1000",
                "--parley.rate-limits.send-message.permits=" + SEND_PERMITS,
                "--parley.rate-limits.send-message.per=1h",
                // Cheap hashing: 200 sign-ups on two cores.
                "--parley.auth.local.argon2-memory-kib=1024",
                "--parley.auth.local.argon2-iterations=1",
                "--parley.presence.grace=1s",
                // The test's clients never ping; the class must not race the idle timeout.
                "--parley.gateway.idle-timeout=10m")));
        rest.add(new Rest(new Api(cluster.url().toString(), cluster.sslContext())));
        ws.add("wss://localhost:" + cluster.nginx().port());
        for (Node node : cluster.nodes()) {
            rest.add(new Rest(new Api(node.url().toString(), null)));
            ws.add("ws://" + node.address() + ":" + node.port());
        }
    }

    @AfterAll
    static void stopCluster() {
        if (cluster != null) {
            cluster.stop();
        }
    }

    private static Rest rest(int where) {
        return rest.get(where);
    }

    private static WsClient connect(int where, TestUser user) {
        return WsClient.connect(ws.get(where), where == NGINX ? cluster.sslContext() : null, user.accessToken());
    }

    @Test
    @Order(1)
    void one_to_one_across_nodes_messages_receipts_typing_unsend_and_sync() {
        TestUser ana = rest(1).signUp("Ana");
        TestUser bo = rest(2).signUp("Bo");
        rest(1).befriend(ana, bo);
        String chat = rest(2).directChat(bo, ana);
        TestUser anaLaptop = rest(3).newDevice(ana, "Laptop");
        // Bo's device is up to date before anything is said (a first sync gives only a cursor).
        String boCursor = rest(NGINX).sync(bo, null).at("/cursor");

        try (WsClient anaPhone = connect(1, ana); WsClient anaDesk = connect(3, anaLaptop);
                WsClient boPhone = connect(2, bo)) {
            JsonNode ack = anaPhone.sendMessage(chat, "Lunch at 12?");
            assertThat(ack.path("type").asString()).as(ack.toString()).isEqualTo("ack");
            String id = ack.at("/message/id").asString();

            JsonNode live = boPhone.await("message", messageId(id));
            assertThat(live.at("/message/body").asString()).isEqualTo("Lunch at 12?");
            assertThat(live.at("/message/senderId").asString()).isEqualTo(ana.idString());
            assertThat(anaDesk.await("message", messageId(id)).at("/message/body").asString()).isEqualTo("Lunch at 12?");

            // Bo's phone has it (no answer), then reads it: both receipts reach both of Ana's devices.
            boPhone.send(Api.map("type", "received", "conversationId", chat, "messageId", id));
            for (WsClient device : List.of(anaPhone, anaDesk)) {
                device.await("delivered", f -> bo.idString().equals(f.path("userId").asString())
                        && id.equals(f.path("lastDeliveredId").asString()));
            }
            String read = boPhone.nextId();
            boPhone.send(Api.map("type", "read", "id", read, "conversationId", chat, "messageId", id));
            assertThat(boPhone.awaitReply(read).path("type").asString()).isEqualTo("ok");
            for (WsClient device : List.of(anaPhone, anaDesk)) {
                device.await("read", f -> bo.idString().equals(f.path("userId").asString())
                        && id.equals(f.path("lastReadId").asString()));
            }

            anaPhone.send(Api.map("type", "typing", "conversationId", chat));
            boPhone.await("typing", f -> ana.idString().equals(f.path("userId").asString())
                    && chat.equals(f.path("conversationId").asString()));

            // Sync on a third node has it, as sent.
            Rest.Synced synced = rest(3).syncUntil(bo, boCursor, messages -> messages.stream()
                    .anyMatch(m -> id.equals(m.path("id").asString())));
            assertThat(synced.messages()).filteredOn(m -> id.equals(m.path("id").asString())).singleElement()
                    .satisfies(m -> assertThat(m.path("body").asString()).isEqualTo("Lunch at 12?"));

            String unsend = anaPhone.nextId();
            anaPhone.send(Api.map("type", "unsend", "id", unsend, "conversationId", chat, "messageId", id));
            assertThat(anaPhone.awaitReply(unsend).path("type").asString()).isEqualTo("ok");
            for (WsClient device : List.of(boPhone, anaDesk)) {
                JsonNode unsent = device.await("unsent", f -> id.equals(f.path("messageId").asString()));
                assertThat(unsent.path("senderId").asString()).isEqualTo(ana.idString());
                assertThat(unsent.path("conversationId").asString()).isEqualTo(chat);
            }

            // The next sync (through nginx, any node) brings the tombstone.
            Rest.Synced after = rest(NGINX).syncUntil(bo, synced.cursor(), messages -> messages.stream()
                    .anyMatch(m -> id.equals(m.path("id").asString()) && m.has("unsentAt")));
            assertThat(after.messages()).filteredOn(m -> id.equals(m.path("id").asString())).singleElement()
                    .satisfies(m -> assertThat(m.has("body")).isFalse());
            assertThat(anaPhone.all("message")).as("the sending device has the ack, not the message").isEmpty();
        }
    }

    @Test
    @Order(2)
    void a_200_member_group_over_every_node_hears_each_message_exactly_once() {
        long began = System.nanoTime();
        // Member i goes to node 1, 2, 3 or nginx in turn: the owner (0) is on node 1.
        List<TestUser> members = inParallel(GROUP_SIZE, i -> rest(i % 4).signUp("Member " + i));
        TestUser owner = members.get(0);
        Rest.Group group = rest(1).createGroup(owner, "Two hundred");
        inParallel(GROUP_SIZE - 1, i -> {
            rest((i + 1) % 4).join(members.get(i + 1), group);
            return null;
        });
        String chat = group.conversationId();
        // The reader (member 1) is on node 2 with a second device through nginx.
        TestUser reader = members.get(1);
        TestUser readerLaptop = rest(NGINX).newDevice(reader, "Laptop");
        long setUp = System.nanoTime();

        List<WsClient> clients = inParallel(GROUP_SIZE, i -> connect(i % 4, members.get(i)));
        WsClient readerOther = connect(NGINX, readerLaptop);
        try {
            long connected = System.nanoTime();
            WsClient ownerSocket = clients.get(0);
            WsClient readerSocket = clients.get(1);
            List<WsClient> hearers = new ArrayList<>(clients.subList(1, clients.size()));
            hearers.add(readerOther);

            String first = ownerSocket.sendMessage(chat, "Hello, all two hundred").at("/message/id").asString();
            hearers.forEach(client -> client.await("message", messageId(first)));
            long heard = System.nanoTime();
            read(readerSocket, chat, first);

            // A group above 100 members: a read goes to the reader's devices and to the senders of
            // what was just read (here the owner alone), not to every member.
            String second = ownerSocket.sendMessage(chat, "Who reads this?").at("/message/id").asString();
            hearers.forEach(client -> client.await("message", messageId(second)));
            read(readerSocket, chat, second);
            Predicate<JsonNode> readsSecond = f -> "read".equals(f.path("type").asString())
                    && reader.idString().equals(f.path("userId").asString())
                    && second.equals(f.path("lastReadId").asString());
            ownerSocket.await(readsSecond);
            readerOther.await(readsSecond);

            // The marker: once everyone has the next message, any stray frame would have come before it.
            String marker = ownerSocket.sendMessage(chat, "marker").at("/message/id").asString();
            hearers.forEach(client -> client.await("message", messageId(marker)));

            for (String id : List.of(first, second, marker)) {
                assertThat(hearers).as("message %s reaches each device once", id)
                        .allSatisfy(client -> assertThat(client.all(messageFrame(id))).hasSize(1));
                assertThat(ownerSocket.all(messageFrame(id))).as("the sending device has the ack").isEmpty();
            }
            assertThat(hearers.stream().filter(client -> client != readerSocket && client != readerOther)
                    .filter(client -> !client.all(readsSecond).isEmpty()).count())
                    .as("members who neither read nor sent hear no read").isZero();
            System.out.printf("200-member group: set up in %.1f s, %d sockets in %.1f s, first message heard by all in %.0f ms%n",
                    (setUp - began) / 1e9, clients.size() + 1, (connected - setUp) / 1e9, (heard - connected) / 1e6);
        } finally {
            clients.forEach(WsClient::close);
            readerOther.close();
        }
    }

    @Test
    @Order(3)
    void presence_crosses_nodes_online_then_offline() {
        TestUser ana = rest(1).signUp("Ana");
        TestUser fei = rest(2).signUp("Fei");
        try (WsClient feiPhone = connect(2, fei)) {
            Predicate<JsonNode> aboutAna = f -> "presence".equals(f.path("type").asString())
                    && ana.idString().equals(f.path("userId").asString());
            // New friends are told each other's presence: Ana's (offline, never seen) comes first, so
            // it cannot arrive late, after the frames this test is about.
            rest(2).befriend(fei, ana);
            JsonNode before = feiPhone.await(aboutAna);
            assertThat(before.path("online").asBoolean()).as(before.toString()).isFalse();

            WsClient anaPhone = connect(1, ana);
            feiPhone.await(aboutAna.and(f -> f.path("online").asBoolean()));
            assertThat(presenceOf(rest(3), fei, ana).path("online").asBoolean()).as("node 3 sees it too").isTrue();

            anaPhone.close();
            feiPhone.await(aboutAna.and(f -> !f.path("online").asBoolean() && f.has("lastSeenAt")));
            assertThat(feiPhone.all(aboutAna)).extracting(f -> f.path("online").asBoolean())
                    .containsExactly(false, true, false);
            assertThat(presenceOf(rest(3), fei, ana).path("online").asBoolean()).isFalse();
        }
    }

    @Test
    @Order(4)
    void sign_out_everywhere_on_one_node_cuts_sockets_on_the_others_within_a_second() {
        TestUser phone = rest(1).signUp("Sam");
        TestUser laptop = rest(3).newDevice(phone, "Laptop");
        try (WsClient onNode2 = connect(2, phone); WsClient onNode3 = connect(3, laptop)) {
            Api.Response answer = rest(1).api().post("/api/auth/sign-out-everywhere", phone.accessToken(), null);
            long answered = System.nanoTime();
            assertThat(answer.status()).as(answer.toString()).isEqualTo(204);
            for (WsClient socket : List.of(onNode2, onNode3)) {
                Duration left = Duration.ofSeconds(1).minusNanos(System.nanoTime() - answered);
                assertThat(socket.closeCode(left.isNegative() ? Duration.ZERO : left)).as("closed within 1 s")
                        .isEqualTo(4001);
                System.out.printf("sign-out everywhere: a socket closed %.0f ms after the answer%n",
                        (System.nanoTime() - answered) / 1e6);
            }
            assertThat(rest(2).api().get("/api/me", laptop.accessToken()).status()).isEqualTo(401);
        }
    }

    @Test
    @Order(5)
    void a_rate_limit_is_one_bucket_across_nodes() {
        TestUser rita = rest(1).signUp("Rita");
        String chat = rest(1).createGroup(rita, "Notes to self").conversationId();
        try (WsClient onNode1 = connect(1, rita); WsClient onNode3 = connect(3, rita)) {
            for (int n = 0; n < 3; n++) {
                assertThat(onNode1.sendMessage(chat, "on node 1, " + n).path("type").asString()).isEqualTo("ack");
            }
            for (int n = 0; n < SEND_PERMITS - 3; n++) {
                Api.Response sent = rest(2).send(rita, chat, "on node 2, " + n);
                assertThat(sent.status()).as(sent.toString()).isEqualTo(201);
            }
            JsonNode refused = onNode3.sendMessage(chat, "on node 3");
            assertThat(refused.path("type").asString()).as(refused.toString()).isEqualTo("error");
            assertThat(refused.path("code").asString()).isEqualTo("rate-limited");
            Api.Response throughNginx = rest(NGINX).send(rita, chat, "through nginx");
            assertThat(throughNginx.status()).as(throughNginx.toString()).isEqualTo(429);
            assertThat(throughNginx.problem()).isEqualTo("rate-limited");
            assertThat(throughNginx.header("Retry-After")).isNotBlank();
        }
    }

    /**
     * The routed fan-out, seen from Redis: a frame goes to the nodes that hold its recipients, never
     * to one that holds none. Which node routes a conversation's frames is whichever consumes its
     * Kafka partition (it writes to its own sockets itself): the marker shows which.
     */
    @Test
    @Order(6)
    void a_node_without_recipients_is_sent_nothing() {
        int[] nodeIds = IntStream.rangeClosed(1, 3).map(n -> NodeChannels.nodeId(cluster.node(n).log())).toArray();
        assertThat(Set.of(nodeIds[0], nodeIds[1], nodeIds[2])).as("three nodes, three ids").hasSize(3);
        int node1 = nodeIds[0];
        int node2 = nodeIds[1];
        int node3 = nodeIds[2];
        TestUser ana = rest(1).signUp("Ana");
        TestUser bo = rest(2).signUp("Bo");
        rest(1).befriend(ana, bo);
        String chat = rest(1).directChat(ana, bo);
        TestUser anaLaptop = rest(3).newDevice(ana, "Laptop");

        try (NodeChannels channels = NodeChannels.listen(cluster.redis().url(), "parley:", nodeIds);
                WsClient anaPhone = connect(1, ana); WsClient boPhone = connect(2, bo)) {
            String id = anaPhone.sendMessage(chat, "for node 2 only").at("/message/id").asString();
            boPhone.await("message", messageId(id));

            // The marker: the next message of the same conversation (same routing node, same order),
            // now also for Ana's laptop on node 3, so it reaches every node.
            try (WsClient anaDesk = connect(3, anaLaptop)) {
                String marker = anaPhone.sendMessage(chat, "now for node 3 too").at("/message/id").asString();
                anaDesk.await("message", messageId(marker));
                boPhone.await("message", messageId(marker));
                // Each node but the routing one is sent the marker once.
                Predicate<NodeChannels.Routed> carriesMarker = r -> isMessage(r.frame(), marker);
                int[] others = Eventually.until(() -> IntStream.of(nodeIds)
                        .filter(node -> !channels.sentTo(node, carriesMarker).isEmpty()).toArray(),
                        got -> got.length == 2, WAIT);
                assertThat(others).as("the marker went to the two nodes that did not route it").hasSize(2);
                int router = IntStream.of(nodeIds).filter(node -> IntStream.of(others).noneMatch(o -> o == node))
                        .findFirst().orElseThrow();
                System.out.printf("routed fan-out: node ids %d, %d, %d; the conversation's frames are routed by node-%d%n",
                        node1, node2, node3, IntStream.range(0, 3).filter(n -> nodeIds[n] == router).findFirst().orElseThrow() + 1);

                Predicate<NodeChannels.Routed> carriesFirst = r -> isMessage(r.frame(), id);
                assertThat(channels.sentTo(node3, carriesFirst)).as("node 3 held no recipient: sent nothing").isEmpty();
                if (router != node2) {
                    assertThat(channels.sentTo(node2, carriesFirst)).as("node 2 is sent it once, for Bo")
                            .singleElement().satisfies(r -> assertThat(r.userIds()).contains(bo.id()));
                }
                if (router != node1) {
                    // Ana's phone, the sender, is on node 1: its node hears of it (and skips that device).
                    assertThat(channels.sentTo(node1, carriesFirst)).singleElement()
                            .satisfies(r -> assertThat(r.userIds()).containsExactly(ana.id()));
                }
                assertThat(channels.sentTo(node3, carriesMarker)).hasSize(router == node3 ? 0 : 1);
            }
        }
    }

    private static JsonNode presenceOf(Rest via, TestUser viewer, TestUser friend) {
        Api.Response answer = via.api().get("/api/presence?userIds=" + friend.idString(), viewer.accessToken());
        assertThat(answer.status()).as(answer.toString()).isEqualTo(200);
        assertThat(answer.json().size()).as(answer.toString()).isEqualTo(1);
        return answer.json().get(0);
    }

    private static void read(WsClient device, String chat, String messageId) {
        String id = device.nextId();
        device.send(Api.map("type", "read", "id", id, "conversationId", chat, "messageId", messageId));
        JsonNode answer = device.awaitReply(id);
        assertThat(answer.path("type").asString()).as(answer.toString()).isEqualTo("ok");
    }

    private static Predicate<JsonNode> messageId(String id) {
        return frame -> id.equals(frame.at("/message/id").asString());
    }

    private static Predicate<JsonNode> messageFrame(String id) {
        return frame -> isMessage(frame, id);
    }

    private static boolean isMessage(JsonNode frame, String id) {
        return "message".equals(frame.path("type").asString()) && id.equals(frame.at("/message/id").asString());
    }

    /** {@code task(0..count-1)} on a few threads (a client's worth of concurrency), answers in order. */
    private static <T> List<T> inParallel(int count, IntFunction<T> task) {
        try (ExecutorService pool = Executors.newFixedThreadPool(16)) {
            List<Future<T>> futures = IntStream.range(0, count).mapToObj(i -> pool.submit(() -> task.apply(i))).toList();
            List<T> answers = new ArrayList<>();
            for (Future<T> future : futures) {
                answers.add(future.get());
            }
            return answers;
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (e.getCause() instanceof Error error) {
                throw error;
            }
            throw new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
