package io.parley.platform.bus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.parley.platform.bus.EventBusContract.Here;
import io.parley.platform.bus.EventBusContract.Ping;
import io.parley.platform.bus.EventBusContract.Pong;
import io.parley.support.Eventually;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

/** Two nodes' buses on one real broker: what "once", "every node" and "this node only" mean between nodes. */
class KafkaEventBusNodesIT {
    private static final Duration WITHIN = Duration.ofSeconds(30);
    private static final int PARTITIONS = 6;
    private static final Map<String, String> SETTINGS = Map.of("partitions", Integer.toString(PARTITIONS),
            "lanes", "2");
    private static final AtomicLong keys = new AtomicLong(System.nanoTime() & 0xffff_ffffL);

    private final List<KafkaEventBus> nodes = new ArrayList<>();
    private final CountDownLatch release = new CountDownLatch(1);

    record Handled(String node, Object event, String origin) {
    }

    @AfterEach
    void stopNodes() throws InterruptedException {
        release.countDown();
        for (KafkaEventBus node : nodes) {
            node.destroy();
        }
    }

    /** Two nodes of one cluster, both in the group, its partitions split between them. */
    private List<KafkaEventBus> twoNodes() {
        String prefix = TestKafka.uniquePrefix();
        KafkaEventBus a = node(TestKafka.newBus(prefix, SETTINGS));
        KafkaEventBus b = node(TestKafka.newBus(prefix, SETTINGS));
        assertThat(Eventually.holds(() -> a.assignedPartitions() > 0 && b.assignedPartitions() > 0
                && a.assignedPartitions() + b.assignedPartitions() == PARTITIONS, WITHIN))
                .as("both nodes hold partitions of the events topic").isTrue();
        return List.of(a, b);
    }

    private KafkaEventBus node(KafkaEventBus bus) {
        nodes.add(bus);
        return bus;
    }

    private static void record(List<Handled> into, String node, Object event) {
        into.add(new Handled(node, event, EventOrigin.current().orElse(null)));
    }

    @Test
    void aSubscribedEventIsHandledByExactlyOneNodeInItsKeysOrder() {
        List<KafkaEventBus> cluster = twoNodes();
        List<Handled> handled = Collections.synchronizedList(new ArrayList<>());
        cluster.get(0).subscribe(Ping.class, ping -> record(handled, "a", ping));
        cluster.get(1).subscribe(Ping.class, ping -> record(handled, "b", ping));
        List<Long> ownKeys = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            long key = keys.incrementAndGet();
            ownKeys.add(key);
            cluster.get(i % 2).publish(new Ping(key, 1));
        }
        for (int i = 0; i < 60; i++) {
            // From the same node: one publisher's events of a key keep their order.
            cluster.get(i % 2).publish(new Ping(ownKeys.get(i), 2));
        }

        assertThat(Eventually.holds(() -> handled.size() >= 120, WITHIN)).as("all 120 handled").isTrue();
        List<Handled> all = List.copyOf(handled);
        assertThat(all).hasSize(120);
        assertThat(all).extracting(Handled::event).doesNotHaveDuplicates();
        assertThat(all).extracting(Handled::node).contains("a", "b");
        assertThat(all).extracting(Handled::origin).doesNotContainNull().doesNotHaveDuplicates();
        for (long key : ownKeys) {
            List<Handled> ofKey = all.stream().filter(h -> ((Ping) h.event()).routingKey() == key).toList();
            assertThat(ofKey).extracting(h -> ((Ping) h.event()).n()).containsExactly(1, 2);
            assertThat(ofKey).extracting(Handled::node).as("one node holds a key's partition").containsOnly(
                    ofKey.getFirst().node());
        }
    }

    @Test
    void anObservedEventIsHandledByEveryNode() throws InterruptedException {
        List<KafkaEventBus> cluster = twoNodes();
        BlockingQueue<Handled> atA = new LinkedBlockingQueue<>();
        BlockingQueue<Handled> atB = new LinkedBlockingQueue<>();
        cluster.get(0).observe(Pong.class, pong -> atA.add(new Handled("a", pong, EventOrigin.current().orElse(null))));
        cluster.get(1).observe(Pong.class, pong -> atB.add(new Handled("b", pong, EventOrigin.current().orElse(null))));
        long key = keys.incrementAndGet();
        cluster.get(0).publish(new Pong(key, 1));
        // Two producers' events are in the order they reach the topic: B publishes once A's is there.
        assertThat(Eventually.holds(() -> !atA.isEmpty() && !atB.isEmpty(), WITHIN)).isTrue();
        cluster.get(1).publish(new Pong(key, 2));

        for (BlockingQueue<Handled> node : List.of(atA, atB)) {
            Handled first = node.poll(WITHIN.toSeconds(), TimeUnit.SECONDS);
            Handled second = node.poll(WITHIN.toSeconds(), TimeUnit.SECONDS);
            assertThat(first).isNotNull();
            assertThat(second).isNotNull();
            assertThat(List.of(first.event(), second.event())).containsExactly(new Pong(key, 1), new Pong(key, 2));
            assertThat(first.origin()).startsWith("b");
        }
    }

    @Test
    void aLocalEventStaysOnTheNodeThatPublishedIt() {
        List<KafkaEventBus> cluster = twoNodes();
        List<Handled> handled = Collections.synchronizedList(new ArrayList<>());
        for (int i = 0; i < 2; i++) {
            String name = i == 0 ? "a" : "b";
            KafkaEventBus node = cluster.get(i);
            node.subscribe(Here.class, here -> record(handled, name, here));
            node.observe(Here.class, here -> record(handled, name, here));
            node.observe(Pong.class, pong -> record(handled, name, pong));
            node.subscribe(Ping.class, ping -> record(handled, name, ping));
        }
        long key = keys.incrementAndGet();
        cluster.get(0).publish(new Here(key, 1));
        // Markers on both topics, with the same key: a Here sent to Kafka would have come before them.
        cluster.get(0).publish(new Pong(key, 2));
        cluster.get(0).publish(new Ping(key, 3));

        assertThat(Eventually.holds(() -> heard(handled, "a", Pong.class) && heard(handled, "b", Pong.class)
                && (heard(handled, "a", Ping.class) || heard(handled, "b", Ping.class)), WITHIN))
                .as("the markers came").isTrue();
        List<Handled> heres = List.copyOf(handled).stream().filter(h -> h.event() instanceof Here).toList();
        assertThat(heres).as("heard by a's subscriber and a's observer, nowhere else")
                .containsExactly(new Handled("a", new Here(key, 1), null), new Handled("a", new Here(key, 1), null));
    }

    @Test
    void whenANodeDiesMidBatchAnotherHandlesItsUncommittedEventsUnderTheSameOrigins() throws Exception {
        List<KafkaEventBus> cluster = twoNodes();
        KafkaEventBus doomed = cluster.get(0);
        KafkaEventBus survivor = cluster.get(1);
        Map<Ping, String> seenByDoomed = new ConcurrentHashMap<>();
        Map<Ping, String> seenBySurvivor = new ConcurrentHashMap<>();
        doomed.subscribe(Ping.class, ping -> {
            seenByDoomed.put(ping, EventOrigin.current().orElseThrow());
            try {
                release.await(); // never finishes its batch: nothing is committed
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        survivor.subscribe(Ping.class, ping -> seenBySurvivor.put(ping, EventOrigin.current().orElseThrow()));
        List<Ping> published = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            Ping ping = new Ping(keys.incrementAndGet(), i);
            published.add(ping);
            survivor.publish(ping);
        }
        assertThat(Eventually.holds(() -> !seenByDoomed.isEmpty(), WITHIN)).as("the doomed node got some").isTrue();

        long diedAt = System.nanoTime();
        doomed.crash();

        assertThat(Eventually.holds(() -> seenBySurvivor.keySet().containsAll(published), WITHIN))
                .as("the survivor handled every event, %d of them taken over from the dead node", seenByDoomed.size())
                .isTrue();
        System.out.printf("Partitions of the dead node were taken over and handled in %d ms%n",
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - diedAt));
        assertThat(seenBySurvivor).containsAllEntriesOf(seenByDoomed);
    }

    @Test
    void publishingReturnsAtOnceWhileNoBrokerIsReachable() throws Exception {
        KafkaEventBus lonely = node(new KafkaEventBus(TestKafka.properties("127.0.0.1:" + freePort(),
                TestKafka.uniquePrefix(), Map.of("send-queue", "100", "start-timeout", "0s", "close-timeout", "1s",
                        "request-timeout", "1s"))));
        BlockingQueue<Here> local = new LinkedBlockingQueue<>();
        lonely.subscribe(Ping.class, ping -> { });
        lonely.observe(Pong.class, pong -> { });
        lonely.subscribe(Here.class, local::add);
        long key = keys.incrementAndGet();

        assertTimeoutPreemptively(Duration.ofSeconds(3), () -> {
            lonely.start();
            // Ten times what the send queue holds: the rest is dropped, nothing waits.
            for (int i = 0; i < 500; i++) {
                lonely.publish(new Ping(key, i));
                lonely.publish(new Pong(key, i));
            }
            lonely.publish(new Here(key, 1));
        });
        assertThat(local.poll(WITHIN.toSeconds(), TimeUnit.SECONDS)).as("local events go on").isEqualTo(new Here(key, 1));
        assertTimeoutPreemptively(Duration.ofSeconds(15), lonely::destroy, "shutting down without Kafka");
    }

    @Test
    void eventsPublishedWhileKafkaIsCutOffGoOutInOrderWhenItIsBack() throws Exception {
        EmbeddedKafkaKraftBroker broker = null;
        try (TcpGate gate = new TcpGate(0)) {
            broker = TestKafka.start(gate);
            KafkaEventBus bus = node(new KafkaEventBus(TestKafka.properties("127.0.0.1:" + gate.port(),
                    TestKafka.uniquePrefix(), Map.of("partitions", "2", "request-timeout", "2s"))));
            BlockingQueue<Handled> received = new LinkedBlockingQueue<>();
            bus.subscribe(Ping.class, ping -> received.add(new Handled("a", ping, EventOrigin.current().orElseThrow())));
            bus.start();
            long key = keys.incrementAndGet();
            bus.publish(new Ping(key, 0));
            assertThat(received.poll(WITHIN.toSeconds(), TimeUnit.SECONDS)).extracting(Handled::event)
                    .isEqualTo(new Ping(key, 0));

            gate.shut();
            assertTimeoutPreemptively(Duration.ofSeconds(1), () -> {
                for (int i = 1; i <= 20; i++) {
                    bus.publish(new Ping(key, i));
                }
            });
            assertThat(Eventually.holds(() -> gate.turnedAway() >= 3, WITHIN)).as("the clients noticed").isTrue();
            gate.open();

            // At least once: an event may come again (its batch's commit failed meanwhile), then
            // under the origin it came with first.
            Map<Ping, String> firstOrigins = new HashMap<>();
            List<Integer> order = new ArrayList<>();
            while (order.size() < 20) {
                Handled next = received.poll(60, TimeUnit.SECONDS);
                assertThat(next).as("event %d after Kafka came back", order.size() + 1).isNotNull();
                Ping ping = (Ping) next.event();
                String first = firstOrigins.putIfAbsent(ping, next.origin());
                if (first == null) {
                    order.add(ping.n());
                } else {
                    assertThat(next.origin()).isEqualTo(first);
                }
            }
            assertThat(order).isEqualTo(java.util.stream.IntStream.rangeClosed(1, 20).boxed().toList());
            bus.destroy();
            nodes.remove(bus);
        } finally {
            if (broker != null) {
                broker.destroy();
            }
        }
    }

    /**
     * Kafka away for longer than the producer waits for a topic's metadata (max.block.ms, the request
     * timeout): the producer refuses the send with a failed future rather than an exception. The
     * event is kept and sent once Kafka is back, not dropped (as the failure test of a Kafka restart
     * found: two messages never reached the devices that stayed connected).
     */
    @Test
    void anEventKafkaRefusesWhileAwayLongerThanTheProducerWaitsIsSentWhenItIsBack() throws Exception {
        EmbeddedKafkaKraftBroker broker = null;
        try (TcpGate gate = new TcpGate(0)) {
            broker = TestKafka.start(gate);
            KafkaEventBus bus = node(new KafkaEventBus(TestKafka.properties("127.0.0.1:" + gate.port(),
                    TestKafka.uniquePrefix(), Map.of("partitions", "2", "request-timeout", "1s"))));
            BlockingQueue<Object> received = new LinkedBlockingQueue<>();
            bus.subscribe(Ping.class, received::add);
            bus.observe(Pong.class, received::add);
            bus.start();
            assertThat(bus.awaitReady(WITHIN)).isTrue();
            long key = keys.incrementAndGet();
            // The producer learns the events topic; the broadcast topic it has not needed yet.
            bus.publish(new Ping(key, 0));
            assertThat(received.poll(WITHIN.toSeconds(), TimeUnit.SECONDS)).isEqualTo(new Ping(key, 0));

            gate.shut();
            bus.publish(new Pong(key, 1));
            bus.publish(new Ping(key, 2));
            assertThat(Eventually.holds(() -> bus.sendRefusals() > 0, WITHIN))
                    .as("the producer gave up waiting for the broadcast topic's metadata").isTrue();
            gate.open();

            List<Object> after = new ArrayList<>();
            while (after.size() < 2) {
                Object next = received.poll(60, TimeUnit.SECONDS);
                assertThat(next).as("event %d after Kafka came back", after.size() + 1).isNotNull();
                if (!after.contains(next)) {
                    after.add(next);
                }
            }
            assertThat(after).containsExactlyInAnyOrder(new Pong(key, 1), new Ping(key, 2));
            bus.destroy();
            nodes.remove(bus);
        } finally {
            if (broker != null) {
                broker.destroy();
            }
        }
    }

    private static boolean heard(List<Handled> handled, String node, Class<?> type) {
        return List.copyOf(handled).stream().anyMatch(h -> h.node().equals(node) && type.isInstance(h.event()));
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
