package io.parley.platform.bus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link EventBus} must do, whatever carries the events (lanes in process, Kafka).
 * Delivery may be asynchronous: tests wait (with a deadline) for the event they expect and use
 * a later event of the same routing key as the marker that an unwanted one did not come.
 */
abstract class EventBusContract {
    private static final AtomicLong keys = new AtomicLong(System.nanoTime() & 0xffff_ffffL);
    private static final long DEADLINE_SECONDS = 10;

    record Ping(long routingKey, int n) implements BusEvent {
    }

    record Pong(long routingKey, int n) implements BusEvent {
    }

    /** For this node only. */
    record Here(long routingKey, int n) implements LocalEvent {
    }

    /** What a listener got, and the origin it ran in. */
    record Heard(Object event, String origin) {
        static Heard now(Object event) {
            return new Heard(event, EventOrigin.current().orElse(null));
        }
    }

    protected EventBus bus;

    /** A bus on its real engine, with no subscribers yet. */
    protected abstract EventBus newBus();

    /** Stops what {@link #newBus()} started. */
    protected void close(EventBus bus) throws Exception {
    }

    @BeforeEach
    void setUpBus() {
        bus = newBus();
    }

    @AfterEach
    void closeBus() throws Exception {
        close(bus);
    }

    /** A routing key no other test uses (a shared broker may keep events between tests). */
    protected static long key() {
        return keys.incrementAndGet();
    }

    private static <T> T next(BlockingQueue<T> queue) throws InterruptedException {
        T item = queue.poll(DEADLINE_SECONDS, TimeUnit.SECONDS);
        assertThat(item).as("an event within %d s", DEADLINE_SECONDS).isNotNull();
        return item;
    }

    /** Publishes {@code events} and expects each receiver to get them all, in that order. */
    private void publishAndExpectInOrder(List<? extends BusEvent> events, List<BlockingQueue<?>> receivers)
            throws InterruptedException {
        events.forEach(bus::publish);
        for (BusEvent event : events) {
            for (BlockingQueue<?> receiver : receivers) {
                assertThat(next(receiver)).isEqualTo(event);
            }
        }
    }

    @Test
    void aSubscriberGetsTheEventsOfOneRoutingKeyInPublishOrder() throws Exception {
        BlockingQueue<Ping> received = new LinkedBlockingQueue<>();
        bus.subscribe(Ping.class, received::add);
        long key = key();
        publishAndExpectInOrder(IntStream.range(0, 500).mapToObj(i -> new Ping(key, i)).toList(), List.of(received));
    }

    @Test
    void eachPublisherThreadsEventsArriveInItsOrder() throws Exception {
        BlockingQueue<Ping> received = new LinkedBlockingQueue<>();
        bus.subscribe(Ping.class, received::add);
        int publishers = 4;
        int each = 200;
        long[] ownKeys = new long[publishers];
        List<Thread> threads = new ArrayList<>();
        for (int p = 0; p < publishers; p++) {
            long key = key();
            ownKeys[p] = key;
            threads.add(Thread.ofPlatform().start(() -> {
                for (int i = 0; i < each; i++) {
                    bus.publish(new Ping(key, i));
                }
            }));
        }
        for (Thread thread : threads) {
            thread.join();
        }
        List<List<Integer>> byPublisher = new ArrayList<>();
        for (int p = 0; p < publishers; p++) {
            byPublisher.add(new ArrayList<>());
        }
        for (int i = 0; i < publishers * each; i++) {
            Ping ping = next(received);
            for (int p = 0; p < publishers; p++) {
                if (ownKeys[p] == ping.routingKey()) {
                    byPublisher.get(p).add(ping.n());
                }
            }
        }
        List<Integer> inOrder = IntStream.range(0, each).boxed().toList();
        assertThat(byPublisher).allSatisfy(numbers -> assertThat(numbers).isEqualTo(inOrder));
    }

    @Test
    void aSubscriberGetsOnlyTheTypeItSubscribedTo() throws Exception {
        BlockingQueue<Object> received = new LinkedBlockingQueue<>();
        bus.subscribe(Ping.class, received::add);
        bus.subscribe(Pong.class, pong -> { });
        long key = key();
        bus.publish(new Pong(key, 1));
        bus.publish(new Ping(key, 2));
        // Same key, so a Pong delivered to this subscriber would have come first.
        assertThat(next(received)).isEqualTo(new Ping(key, 2));
        assertThat(received).isEmpty();
    }

    @Test
    void everySubscriberOfATypeGetsEachEvent() throws Exception {
        BlockingQueue<Ping> first = new LinkedBlockingQueue<>();
        BlockingQueue<Ping> second = new LinkedBlockingQueue<>();
        bus.subscribe(Ping.class, first::add);
        bus.subscribe(Ping.class, second::add);
        long key = key();
        bus.publish(new Ping(key, 1));
        assertThat(next(first)).isEqualTo(new Ping(key, 1));
        assertThat(next(second)).isEqualTo(new Ping(key, 1));
    }

    @Test
    void aFailingSubscriberStopsNeitherTheOthersNorLaterEvents() throws Exception {
        BlockingQueue<Ping> received = new LinkedBlockingQueue<>();
        bus.subscribe(Ping.class, ping -> {
            throw new IllegalStateException("a subscriber's bug (expected in this test)");
        });
        bus.subscribe(Ping.class, received::add);
        long key = key();
        bus.publish(new Ping(key, 1));
        bus.publish(new Ping(key, 2));
        assertThat(next(received)).isEqualTo(new Ping(key, 1));
        assertThat(next(received)).isEqualTo(new Ping(key, 2));
    }

    @Test
    void publishingDoesNotWaitForASlowSubscriber() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        BlockingQueue<Ping> received = new LinkedBlockingQueue<>();
        bus.subscribe(Ping.class, ping -> {
            try {
                release.await(DEADLINE_SECONDS, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            received.add(ping);
        });
        long key = key();
        try {
            assertTimeoutPreemptively(Duration.ofSeconds(5), () -> {
                bus.publish(new Ping(key, 1));
                bus.publish(new Ping(key, 2));
            });
        } finally {
            release.countDown();
        }
        assertThat(next(received)).isEqualTo(new Ping(key, 1));
        assertThat(next(received)).isEqualTo(new Ping(key, 2));
    }

    @Test
    void publishingAnEventNobodySubscribedToIsFine() throws Exception {
        BlockingQueue<Ping> received = new LinkedBlockingQueue<>();
        bus.subscribe(Ping.class, received::add);
        long key = key();
        bus.publish(new Pong(key, 1));
        bus.publish(new Ping(key, 2));
        assertThat(next(received)).isEqualTo(new Ping(key, 2));
    }

    @Test
    void anObserverGetsTheEventsOfOneRoutingKeyInPublishOrder() throws Exception {
        BlockingQueue<Ping> received = new LinkedBlockingQueue<>();
        bus.observe(Ping.class, received::add);
        long key = key();
        publishAndExpectInOrder(IntStream.range(0, 200).mapToObj(i -> new Ping(key, i)).toList(), List.of(received));
    }

    @Test
    void subscribersAndObserversOfATypeBothGetEachEvent() throws Exception {
        BlockingQueue<Ping> subscribed = new LinkedBlockingQueue<>();
        BlockingQueue<Ping> observed = new LinkedBlockingQueue<>();
        bus.subscribe(Ping.class, subscribed::add);
        bus.observe(Ping.class, observed::add);
        long key = key();
        bus.publish(new Ping(key, 1));
        bus.publish(new Ping(key, 2));
        assertThat(next(subscribed)).isEqualTo(new Ping(key, 1));
        assertThat(next(subscribed)).isEqualTo(new Ping(key, 2));
        assertThat(next(observed)).isEqualTo(new Ping(key, 1));
        assertThat(next(observed)).isEqualTo(new Ping(key, 2));
    }

    @Test
    void anObserverGetsOnlyTheTypeItObserves() throws Exception {
        BlockingQueue<Object> received = new LinkedBlockingQueue<>();
        bus.observe(Ping.class, received::add);
        bus.observe(Pong.class, pong -> { });
        bus.subscribe(Pong.class, pong -> { });
        long key = key();
        bus.publish(new Pong(key, 1));
        bus.publish(new Ping(key, 2));
        assertThat(next(received)).isEqualTo(new Ping(key, 2));
        assertThat(received).isEmpty();
    }

    @Test
    void aLocalEventReachesItsSubscribersAndObserversInPublishOrder() throws Exception {
        BlockingQueue<Here> subscribed = new LinkedBlockingQueue<>();
        BlockingQueue<Here> observed = new LinkedBlockingQueue<>();
        bus.subscribe(Here.class, subscribed::add);
        bus.observe(Here.class, observed::add);
        long key = key();
        publishAndExpectInOrder(IntStream.range(0, 200).mapToObj(i -> new Here(key, i)).toList(),
                List.of(subscribed, observed));
    }

    @Test
    void aLocalEventIsHeardInThePublishersOrigin() throws Exception {
        BlockingQueue<Heard> received = new LinkedBlockingQueue<>();
        bus.subscribe(Here.class, here -> received.add(Heard.now(here)));
        long key = key();
        EventOrigin.run("origin-1", () -> bus.publish(new Here(key, 1)));
        bus.publish(new Here(key, 2));
        assertThat(next(received)).isEqualTo(new Heard(new Here(key, 1), "origin-1"));
        assertThat(next(received)).isEqualTo(new Heard(new Here(key, 2), null));
    }

    @Test
    void theLocalEventsASubscriberPublishesCarryTheOriginOfItsEvent() throws Exception {
        BlockingQueue<Heard> causes = new LinkedBlockingQueue<>();
        BlockingQueue<Heard> effects = new LinkedBlockingQueue<>();
        bus.subscribe(Ping.class, ping -> {
            causes.add(Heard.now(ping));
            bus.publish(new Here(ping.routingKey(), ping.n()));
        });
        bus.observe(Pong.class, pong -> {
            causes.add(Heard.now(pong));
            bus.publish(new Here(pong.routingKey(), -pong.n()));
        });
        bus.subscribe(Here.class, here -> effects.add(Heard.now(here)));
        long key = key();
        EventOrigin.run("request-7", () -> bus.publish(new Ping(key, 1)));
        Heard cause = next(causes);
        assertThat(next(effects)).isEqualTo(new Heard(new Here(key, 1), cause.origin()));
        bus.publish(new Pong(key, 2));
        Heard observedCause = next(causes);
        assertThat(next(effects)).isEqualTo(new Heard(new Here(key, -2), observedCause.origin()));
    }
}
