package io.parley.presence;

import io.parley.support.Eventually;
import static org.assertj.core.api.Assertions.assertThat;

import io.parley.platform.redis.Redis;
import io.parley.support.ManualClock;
import io.parley.support.TestRedis;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The contract on a real Redis, and the leases that make a dead node's users go offline. */
class RedisPresenceRegistryIT extends PresenceRegistryContract {
    private static final Duration LEASE = Duration.ofSeconds(15);
    private final List<Redis> clients = new ArrayList<>();
    private final ManualClock clock = new ManualClock();

    @Override
    protected PresenceRegistry newRegistry() {
        return node(TestRedis.uniquePrefix(), Integer.toString(NODE), Clock.systemUTC());
    }

    private RedisPresenceRegistry node(String cluster, String node, Clock clock) {
        Redis redis = TestRedis.newClient(cluster);
        clients.add(redis);
        return new RedisPresenceRegistry(redis, clock, node, LEASE);
    }

    @AfterEach
    void closeClients() {
        clients.forEach(Redis::close);
    }

    @Test
    void everyNodeSeesASocketOpenOnAnother() {
        String cluster = TestRedis.uniquePrefix();
        RedisPresenceRegistry a = node(cluster, "1", clock);
        RedisPresenceRegistry b = node(cluster, "2", clock);
        assertThat(a.connected(7, "s1")).isTrue();
        assertThat(b.isOnline(7)).isTrue();
        assertThat(b.connected(7, "s1")).as("the same key on another node is another socket").isFalse();
        assertThat(a.disconnected(7, "s1")).isFalse();
        assertThat(b.disconnected(7, "s1")).isTrue();
        assertThat(a.isOnline(7)).isFalse();
    }

    @Test
    void nodesOfNamesEveryNodeHoldingALiveSocketOfEachUser() {
        String cluster = TestRedis.uniquePrefix();
        RedisPresenceRegistry a = node(cluster, "1", clock);
        RedisPresenceRegistry b = node(cluster, "2", clock);
        RedisPresenceRegistry dead = node(cluster, "3", clock);
        a.connected(7, "s1");
        b.connected(7, "s1");
        b.connected(8, "s2");
        dead.connected(9, "s3");
        assertThat(a.nodesOf(List.of(7L, 8L, 9L, 10L))).isEqualTo(Map.of(7L, Set.of(1, 2), 8L, Set.of(2), 9L, Set.of(3)));

        clock.millis.addAndGet(LEASE.toMillis() - 1000);
        a.renew();
        b.renew();
        clock.millis.addAndGet(2000);
        assertThat(b.nodesOf(List.of(7L, 8L, 9L))).as("a node whose leases lapsed holds nobody")
                .isEqualTo(Map.of(7L, Set.of(1, 2), 8L, Set.of(2)));
    }

    @Test
    void aStoppingNodeTakesItsSocketsOutAtOnce() {
        String cluster = TestRedis.uniquePrefix();
        RedisPresenceRegistry stopping = node(cluster, "1", clock);
        RedisPresenceRegistry staying = node(cluster, "2", clock);
        stopping.start();
        stopping.connected(7, "s1");
        stopping.connected(8, "s2");
        staying.connected(8, "s3");

        stopping.stop();
        assertThat(staying.nodesOf(List.of(7L, 8L))).isEqualTo(Map.of(8L, Set.of(2)));
        assertThat(staying.isOnline(7)).isFalse();
    }

    @Test
    void theUsersOfANodeThatStopsRenewingGoOfflineWhenItsLeasesLapse() {
        String cluster = TestRedis.uniquePrefix();
        RedisPresenceRegistry dead = node(cluster, "1", clock);
        RedisPresenceRegistry alive = node(cluster, "2", clock);
        dead.connected(1, "s1");
        alive.connected(2, "s2");
        clock.millis.addAndGet(LEASE.toMillis() - 1000);
        alive.renew();
        assertThat(alive.online(List.of(1L, 2L))).containsExactlyInAnyOrder(1L, 2L);

        clock.millis.addAndGet(2000);
        assertThat(alive.isOnline(1)).isFalse();
        assertThat(alive.online(List.of(1L, 2L))).containsExactly(2L);
        assertThat(alive.connected(1, "s3")).as("coming back after a lapse is coming online").isTrue();
    }

    @Test
    void theUsersOfADeadNodeAreLapsedOnceWhenTheirLeasesRunOut() {
        String cluster = TestRedis.uniquePrefix();
        RedisPresenceRegistry dead = node(cluster, "1", clock);
        RedisPresenceRegistry a = node(cluster, "2", clock);
        RedisPresenceRegistry b = node(cluster, "3", clock);
        dead.connected(1, "s1");
        dead.connected(3, "s3");
        a.connected(2, "s2");
        a.connected(3, "s4");
        clock.millis.addAndGet(LEASE.toMillis() - 1000);
        a.renew();
        assertThat(b.lapsed(100)).as("nobody is lapsed while leases run").isEmpty();

        clock.millis.addAndGet(2000);
        assertThat(b.lapsed(100)).as("only the dead node's user who is nowhere else").containsExactly(1L);
        assertThat(a.lapsed(100)).as("announced once, whichever node asks").isEmpty();
        assertThat(b.lapsed(100)).isEmpty();
    }

    @Test
    void aUserWhoseLastSocketClosedIsNeverLapsed() {
        String cluster = TestRedis.uniquePrefix();
        RedisPresenceRegistry a = node(cluster, "1", clock);
        a.connected(1, "s1");
        a.disconnected(1, "s1");
        clock.millis.addAndGet(LEASE.toMillis() * 3);
        assertThat(a.lapsed(100)).as("the node that heard the close announces it").isEmpty();
    }

    @Test
    void theUsersOfAStoppedNodeAreLapsedUnlessTheyConnectedElsewhere() {
        String cluster = TestRedis.uniquePrefix();
        RedisPresenceRegistry stopping = node(cluster, "1", clock);
        RedisPresenceRegistry staying = node(cluster, "2", clock);
        stopping.start();
        stopping.connected(7, "s1");
        stopping.connected(8, "s2");
        stopping.stop();
        staying.connected(8, "s3");
        assertThat(staying.lapsed(100)).as("not before their lease would have run out").isEmpty();

        clock.millis.addAndGet(LEASE.toMillis() + 1);
        staying.renew();
        assertThat(staying.lapsed(100)).containsExactly(7L);
    }

    @Test
    void lapsedAnswersAtMostTheNumberAsked() {
        String cluster = TestRedis.uniquePrefix();
        RedisPresenceRegistry dead = node(cluster, "1", clock);
        RedisPresenceRegistry alive = node(cluster, "2", clock);
        for (long user = 1; user <= 5; user++) {
            dead.connected(user, "s" + user);
        }
        clock.millis.addAndGet(LEASE.toMillis() + 1);
        Set<Long> first = alive.lapsed(3);
        Set<Long> rest = alive.lapsed(3);
        assertThat(first).hasSize(3);
        assertThat(rest).hasSize(2).doesNotContainAnyElementsOf(first);
    }

    @Test
    void theHeartbeatRenewsTheLeasesOnRealTime() {
        String cluster = TestRedis.uniquePrefix();
        Redis redis = TestRedis.newClient(cluster);
        clients.add(redis);
        RedisPresenceRegistry registry = new RedisPresenceRegistry(redis, Clock.systemUTC(), "1",
                Duration.ofMillis(1500));
        registry.start();
        try {
            registry.connected(3, "s1");
            // Three leases long: online throughout only because the heartbeat renews it.
            long end = System.nanoTime() + Duration.ofMillis(4500).toNanos();
            while (System.nanoTime() < end) {
                assertThat(registry.isOnline(3)).isTrue();
                LockSupport.parkNanos(50_000_000L); // poll interval
            }
        } finally {
            registry.stop();
        }
        assertThat(Eventually.holds(() -> !registry.isOnline(3), Duration.ofSeconds(10)))
                .as("the lease lapses once nobody renews it").isTrue();
    }
}
