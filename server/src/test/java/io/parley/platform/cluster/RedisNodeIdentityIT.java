package io.parley.platform.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.parley.platform.redis.Redis;
import io.parley.support.Eventually;
import io.parley.support.TestRedis;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The contract on a real Redis, and what leasing adds: numbers never shared, reused, kept across a Redis restart. */
class RedisNodeIdentityIT extends NodeIdentityContract {
    private static final Duration LEASE = Duration.ofSeconds(15);
    private final List<AutoCloseable> opened = new ArrayList<>();
    private final AtomicInteger stops = new AtomicInteger();

    @Override
    protected NodeIdentity newIdentity() {
        return identity(client(TestRedis.uniquePrefix()), LEASE);
    }

    private Redis client(String cluster) {
        Redis redis = TestRedis.newClient(cluster);
        opened.add(redis);
        return redis;
    }

    private RedisNodeIdentity identity(Redis redis, Duration lease) {
        RedisNodeIdentity identity = new RedisNodeIdentity(redis, lease, stops::incrementAndGet);
        opened.add(0, identity);
        return identity;
    }

    @AfterEach
    void closeAll() throws Exception {
        for (AutoCloseable closeable : opened) {
            closeable.close();
        }
    }

    @Test
    void nodesStartingTogetherNeverGetTheSameNumber() throws Exception {
        String cluster = TestRedis.uniquePrefix();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Callable<Integer>> starts = new ArrayList<>();
            for (int i = 0; i < 24; i++) {
                Redis redis = client(cluster);
                starts.add(() -> identity(redis, LEASE).nodeId());
            }
            Set<Integer> numbers = new HashSet<>();
            for (Future<Integer> number : pool.invokeAll(starts)) {
                numbers.add(number.get());
            }
            assertThat(numbers).hasSize(24).allSatisfy(n -> assertThat(n).isBetween(0, 23));
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aReleasedNumberIsTheNextNodesNumber() {
        String cluster = TestRedis.uniquePrefix();
        RedisNodeIdentity first = identity(client(cluster), LEASE);
        RedisNodeIdentity second = identity(client(cluster), LEASE);
        assertThat(first.nodeId()).isEqualTo(0);
        assertThat(second.nodeId()).isEqualTo(1);

        first.close();
        assertThat(identity(client(cluster), LEASE).nodeId()).isEqualTo(0);
        assertThat(identity(client(cluster), LEASE).nodeId()).isEqualTo(2);
    }

    @Test
    void aNodeKeepsItsNumberWhenRedisForgetsEverything() {
        String cluster = TestRedis.uniquePrefix();
        Redis redis = client(cluster);
        RedisNodeIdentity node = identity(redis, LEASE);
        int number = node.nodeId();

        // What a restart of Redis (without persistence) leaves: no keys, no scripts.
        redis.commands().del(redis.commands().keys(cluster + "*").toArray(String[]::new));
        redis.commands().scriptFlush();

        assertThat(node.renew()).isEqualTo(RedisNodeIdentity.Renewal.RETAKEN);
        assertThat(node.nodeId()).isEqualTo(number);
        assertThat(identity(client(cluster), LEASE).nodeId()).as("the number is taken again").isNotEqualTo(number);
        assertThat(node.renew()).isEqualTo(RedisNodeIdentity.Renewal.RENEWED);
        assertThat(stops).hasValue(0);
    }

    @Test
    void aNodeWhoseNumberAnotherHoldsStops() {
        String cluster = TestRedis.uniquePrefix();
        Redis redis = client(cluster);
        RedisNodeIdentity node = identity(redis, Duration.ofMillis(600));
        // Its lease lapsed (it was cut off from Redis) and a new node took the number.
        redis.commands().set(cluster + "node-id:" + node.nodeId(), "another instance");

        assertThat(node.renew()).isEqualTo(RedisNodeIdentity.Renewal.TAKEN_BY_ANOTHER);
        assertThat(Eventually.holds(() -> stops.get() == 1, Duration.ofSeconds(5)))
                .as("the renewal beat stops the node").isTrue();
        node.close();
        assertThat(redis.commands().get(cluster + "node-id:" + node.nodeId()))
                .as("stopping leaves the other's lease alone").isEqualTo("another instance");
    }

    @Test
    void theLeaseIsRenewedForAsLongAsTheNodeRuns() {
        String cluster = TestRedis.uniquePrefix();
        Redis redis = client(cluster);
        RedisNodeIdentity node = identity(redis, Duration.ofMillis(600));
        String key = cluster + "node-id:" + node.nodeId();
        // Five leases long: the key lives throughout only because the node renews it.
        long end = System.nanoTime() + Duration.ofMillis(3000).toNanos();
        while (System.nanoTime() < end) {
            assertThat(redis.commands().exists(key)).isEqualTo(1);
            LockSupport.parkNanos(50_000_000L); // poll interval
        }
        node.close();
        assertThat(redis.commands().exists(key)).as("released on a clean stop").isZero();
    }
}
