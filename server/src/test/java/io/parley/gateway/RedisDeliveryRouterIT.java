package io.parley.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.lettuce.core.KillArgs;
import io.parley.platform.bus.EventBus;
import io.parley.platform.bus.EventOrigin;
import io.parley.platform.bus.TestBuses;
import io.parley.platform.cluster.ConfiguredNodeIdentity;
import io.parley.platform.redis.Redis;
import io.parley.platform.tracing.Traces;
import io.parley.presence.PresenceRegistries;
import io.parley.presence.PresenceRegistry;
import io.parley.protocol.ServerFrame;
import io.parley.support.Eventually;
import io.parley.support.TestRedis;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.web.socket.CloseStatus;

/**
 * The contract on one node over a real Redis; then three nodes A, B and C (in this JVM, each with
 * its own hub, registry, router and Redis connections, over one Redis) route frames to each other.
 */
class RedisDeliveryRouterIT extends DeliveryRouterContract {
    private final List<RedisDeliveryRouter> routers = new ArrayList<>();
    private final List<Redis> clients = new ArrayList<>();
    private final Map<String, EventBus> buses = new HashMap<>();

    @Override
    protected TestNode newNode() {
        return node(TestRedis.uniquePrefix(), 1);
    }

    private TestNode node(String cluster, int number) {
        Redis redis = TestRedis.newClient(cluster);
        clients.add(redis);
        return node(redis, number);
    }

    private TestNode node(Redis redis, int number) {
        PresenceRegistry registry = PresenceRegistries.redis(redis, number);
        // The nodes of one cluster share a bus (what the Kafka bus's broadcast is between nodes).
        EventBus bus = buses.computeIfAbsent(redis.prefix(), prefix -> TestBuses.inProcess());
        TestNode node = new TestNode(registry, (hub, local) -> new RedisDeliveryRouter(redis,
                new ConfiguredNodeIdentity(number), registry, hub, local, bus, Traces.NONE));
        RedisDeliveryRouter router = (RedisDeliveryRouter) node.router;
        router.start();
        routers.add(router);
        return node;
    }

    @AfterEach
    void stopNodes() throws InterruptedException {
        for (RedisDeliveryRouter router : routers) {
            router.stop();
            router.destroy();
        }
        clients.forEach(Redis::close);
        for (EventBus bus : buses.values()) {
            TestBuses.stop(bus);
        }
    }

    private static void heard(TestNode node, long frames) {
        Eventually.until(() -> received(node), n -> n >= frames, Duration.ofSeconds(10));
    }

    private static long received(TestNode node) {
        return ((RedisDeliveryRouter) node.router).received();
    }

    @Test
    void aFrameReachesTheNodesOfItsRecipientsOnceEachEncodedOnceAndNoOtherNode() {
        String cluster = TestRedis.uniquePrefix();
        TestNode a = node(cluster, 1);
        TestNode b = node(cluster, 2);
        TestNode c = node(cluster, 3);
        long ana = user();
        long ben = user();
        long cy = user();
        RecordingSession anaPhone = a.connect(ana, 1);
        RecordingSession benPhone = b.connect(ben, 2);
        RecordingSession benLaptop = b.connect(ben, 3);
        RecordingSession cyPhone = c.connect(cy, 4);

        ServerFrame message = frame("message");
        a.router.route(delivery(message, 3, ben, ana));
        awaitFrames(anaPhone, 1, message);
        awaitFrames(benPhone, 1, message);
        assertThat(a.encodes.get() + b.encodes.get() + c.encodes.get()).as("encoded once, on A").isEqualTo(1);
        assertThat(received(b)).as("one message to B for both of ben's devices").isEqualTo(1);

        // C holds no recipient: the marker, published after, is the first thing C hears.
        ServerFrame marker = frame("marker");
        a.router.route(delivery(marker, 0, cy, ben));
        awaitFrames(cyPhone, 1, marker);
        awaitFrames(benLaptop, 1, marker);
        assertThat(received(c)).isEqualTo(1);
        assertThat(awaitFrames(benPhone, 2, marker)).first().isEqualTo(TestNode.encoded(message));
        assertThat(a.encodes.get() + b.encodes.get() + c.encodes.get()).isEqualTo(2);
    }

    @Test
    void aFrameRoutedAgainForTheSameEventIsDroppedWhicheverNodeSendsIt() {
        String cluster = TestRedis.uniquePrefix();
        TestNode a = node(cluster, 1);
        TestNode b = node(cluster, 2);
        TestNode c = node(cluster, 3);
        long ben = user();
        RecordingSession benPhone = b.connect(ben, 2);

        ServerFrame message = frame("message");
        EventOrigin.run("5:100", () -> a.router.route(delivery(message, 0, ben)));
        // A and C publish on connections of their own: Redis keeps no order between them, so B must
        // have heard one node's frame before the other node sends (else the marker could overtake).
        heard(b, 1);
        // The bus hands the event over again, here to C (A died before it was committed, say).
        EventOrigin.run("5:100", () -> c.router.route(delivery(message, 0, ben)));
        EventOrigin.run("5:101", () -> c.router.route(delivery(message, 0, ben)));
        heard(b, 3);
        ServerFrame marker = frame("marker");
        a.router.route(delivery(marker, 0, ben));

        List<String> frames = awaitFrames(benPhone, 3, marker);
        assertThat(frames).startsWith(TestNode.encoded(message), TestNode.encoded(message));
        assertThat(received(b)).isEqualTo(4);
    }

    /**
     * The bus hands an event over again to another node (its partition moved before the first node
     * committed it, as after a Kafka restart): the first node wrote to its own sockets with the whole
     * list of recipients, the second routes it back only its share. Each device still gets the frame
     * once (the failure test of a Kafka restart found hundreds of message frames twice on one socket).
     */
    @Test
    void anEventHandledAgainByAnotherNodeReachesEachDeviceOnce() {
        String cluster = TestRedis.uniquePrefix();
        TestNode a = node(cluster, 1);
        TestNode b = node(cluster, 2);
        long ana = user();
        long ben = user();
        RecordingSession anaPhone = a.connect(ana, 1);
        RecordingSession benPhone = b.connect(ben, 2);

        ServerFrame message = frame("message");
        EventOrigin.run("3:50", () -> a.router.route(delivery(message, 0, ana, ben)));
        EventOrigin.run("3:50", () -> b.router.route(delivery(message, 0, ana, ben)));
        ServerFrame marker = frame("marker");
        a.router.route(delivery(marker, 0, ana, ben));

        assertThat(awaitFrames(anaPhone, 2, marker)).first().isEqualTo(TestNode.encoded(message));
        assertThat(awaitFrames(benPhone, 2, marker)).first().isEqualTo(TestNode.encoded(message));
    }

    /**
     * A node cut off from Redis misses the frames sent to it meanwhile (and, with a restarted Redis,
     * the others no longer find its sockets); the failure test of a Redis restart found devices that
     * stayed connected and never got them. Once it listens again, it closes its sockets (1012) so that
     * their apps reconnect and sync; a device connected after that gets its frames as before.
     */
    @Test
    void aNodeCutOffFromRedisListensAgainAndClosesItsSocketsForTheirAppsToSync() {
        String cluster = TestRedis.uniquePrefix();
        TestNode a = node(cluster, 1);
        TestNode b = node(cluster, 2);
        long ana = user();
        long ben = user();
        RecordingSession anaPhone = a.connect(ana, 1);
        RecordingSession benPhone = b.connect(ben, 2);
        try (Redis admin = TestRedis.newClient(cluster)) {
            // What a Redis restart does to every subscriber: the connection drops.
            admin.commands().clientKill(KillArgs.Builder.typePubsub());
        }
        for (RecordingSession phone : List.of(anaPhone, benPhone)) {
            assertThat(Eventually.until(phone::closeStatus, status -> status != null, WAIT))
                    .isEqualTo(Connection.RESYNC).extracting(CloseStatus::getCode).isEqualTo(1012);
        }

        RecordingSession benAgain = b.connect(ben, 3);
        ServerFrame message = frame("after the cut");
        assertThat(Eventually.holds(() -> {
            a.router.route(delivery(message, 0, ben));
            return !benAgain.sent().isEmpty();
        }, WAIT)).as("B subscribes to its channel again by itself").isTrue();
    }

    /**
     * A node that cannot reach Redis cannot tell where the recipients are: its own share it writes,
     * the rest goes over the bus to every node. (Before, the others' devices missed the frame, and
     * an app that stays connected never syncs.)
     */
    @Test
    void aNodeWithoutRedisSendsTheOthersTheirFramesOverTheBus() {
        String cluster = TestRedis.uniquePrefix();
        Redis lost = TestRedis.newClient(cluster);
        TestNode a = node(lost, 1);
        TestNode b = node(cluster, 2);
        TestNode c = node(cluster, 3);
        long ana = user();
        long ben = user();
        long cy = user();
        RecordingSession anaPhone = a.connect(ana, 1);
        RecordingSession benPhone = b.connect(ben, 2);
        RecordingSession cyPhone = c.connect(cy, 3);
        lost.close();

        ServerFrame message = frame("message");
        EventOrigin.run("7:1", () -> a.router.route(delivery(message, 0, ana, ben)));
        awaitFrames(anaPhone, 1, message);
        awaitFrames(benPhone, 1, message);
        // Cy was not a recipient: the marker is the first thing C writes.
        ServerFrame marker = frame("marker");
        c.router.route(delivery(marker, 0, cy));
        awaitFrames(cyPhone, 1, marker);
        assertThat(anaPhone.sent()).hasSize(1);
    }

    /** Nobody listens on a node's channel (it is cut off from Redis): the bus takes it that node's frames. */
    @Test
    void aFrameForANodeNotListeningOnRedisGoesOverTheBus() {
        String cluster = TestRedis.uniquePrefix();
        TestNode a = node(cluster, 1);
        TestNode b = node(cluster, 2);
        long ben = user();
        RecordingSession benPhone = b.connect(ben, 2);
        ((RedisDeliveryRouter) b.router).stop();

        ServerFrame message = frame("message");
        a.router.route(delivery(message, 0, ben));
        awaitFrames(benPhone, 1, message);
    }
}
