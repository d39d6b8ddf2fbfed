package io.parley.presence;

import io.lettuce.core.Range;
import io.lettuce.core.RedisException;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.ScriptOutputType;
import io.parley.platform.cluster.NodeIdentity;
import io.parley.platform.logging.ThrottledWarning;
import io.parley.platform.redis.Redis;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Presence shared by all nodes, kept as leases: for each user a sorted set in Redis of their
 * sockets ({@code <node>/<connection key>}) scored by the time the lease runs out. Each node renews
 * the leases of its own sockets every third of the lease; online means any unexpired lease, so the
 * users of a node that died go offline on their own when its leases lapse. Times come from the
 * injected clock (the nodes' clocks are assumed in step within a fraction of the lease).
 */
@Component
@ConditionalOnProperty(name = "parley.presence.registry", havingValue = "redis")
class RedisPresenceRegistry implements PresenceRegistry, SmartLifecycle {
    private static final Logger log = LoggerFactory.getLogger(RedisPresenceRegistry.class);
    // KEYS[1] the user's set, KEYS[2] the lapses; ARGV now, lease end, member, key TTL, user id.
    // 1 when the user had no live lease.
    private static final String CONNECT = """
            redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', ARGV[1])
            local before = redis.call('ZCARD', KEYS[1])
            redis.call('ZADD', KEYS[1], ARGV[2], ARGV[3])
            redis.call('PEXPIRE', KEYS[1], ARGV[4])
            redis.call('ZADD', KEYS[2], ARGV[2], ARGV[5])
            if before == 0 then return 1 end
            return 0
            """;
    // KEYS[1] the user's set, KEYS[2] the lapses; ARGV now, member, user id. 1 when this removed
    // the user's last live lease (then their going offline is announced by the closing node).
    private static final String DISCONNECT = """
            if redis.call('ZREM', KEYS[1], ARGV[2]) == 0 then return 0 end
            redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', ARGV[1])
            if redis.call('ZCARD', KEYS[1]) == 0 then
              redis.call('ZREM', KEYS[2], ARGV[3])
              return 1
            end
            return 0
            """;
    // KEYS[1] the lapses; ARGV now, at most, the users' key prefix. Takes the users whose last lease
    // ended before now and who hold no live one: each is answered once, to the first node asking.
    // (The users' keys are not declared: this needs one Redis, not a Redis Cluster.)
    private static final String LAPSED = """
            local due = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', ARGV[1], 'LIMIT', 0, tonumber(ARGV[2]))
            local gone = {}
            for _, user in ipairs(due) do
              redis.call('ZREM', KEYS[1], user)
              if redis.call('ZCOUNT', ARGV[3] .. user, '(' .. ARGV[1], '+inf') == 0 then
                table.insert(gone, user)
              end
            end
            return gone
            """;

    private final Redis redis;
    private final Clock clock;
    private final String node;
    private final Duration lease;
    /** This node's own sockets, the leases it renews. Changed under the user's entry (compute). */
    private final Map<Long, Set<String>> mine = new ConcurrentHashMap<>();
    private ScheduledExecutorService heartbeat;
    private final ThrottledWarning degraded = new ThrottledWarning(log, Duration.ofSeconds(10),
            "Presence degrades while Redis is away ({} failures; latest: {})");

    @Autowired
    RedisPresenceRegistry(Redis redis, Clock clock, NodeIdentity identity, PresenceProperties properties) {
        this(redis, clock, Integer.toString(identity.nodeId()), properties.lease());
    }

    RedisPresenceRegistry(Redis redis, Clock clock, String node, Duration lease) {
        this.redis = redis;
        this.clock = clock;
        this.node = node;
        this.lease = lease;
    }

    private String key(long userId) {
        return redis.prefix() + "presence:" + userId;
    }

    /** Users by the end of their latest lease, until their last socket is closed. */
    private String lapses() {
        return redis.prefix() + "presence-lapses";
    }

    private String member(String connectionKey) {
        return node + '/' + connectionKey;
    }

    /** The key itself outlives a lease, so a renewal never races its expiry. */
    private String keyTtl() {
        return Long.toString(lease.toMillis() * 2);
    }

    @Override
    public boolean connected(long userId, String connectionKey) {
        boolean[] first = {false};
        mine.compute(userId, (id, keys) -> {
            Set<String> open = keys == null ? new LinkedHashSet<>() : keys;
            long now = clock.millis();
            try {
                Long answer = redis.eval(CONNECT, ScriptOutputType.INTEGER, new String[] {key(userId), lapses()},
                        Long.toString(now), Long.toString(now + lease.toMillis()), member(connectionKey), keyTtl(),
                        Long.toString(userId));
                first[0] = answer == 1;
            } catch (RedisException e) {
                // Redis away: the socket is kept here and the heartbeat records it once Redis is back
                // (its coming online is then not announced; friends see it on their next look).
                warn("record a socket", e);
            }
            open.add(connectionKey);
            return open;
        });
        return first[0];
    }

    @Override
    public boolean disconnected(long userId, String connectionKey) {
        boolean[] last = {false};
        mine.compute(userId, (id, keys) -> {
            try {
                Long answer = redis.eval(DISCONNECT, ScriptOutputType.INTEGER, new String[] {key(userId), lapses()},
                        Long.toString(clock.millis()), member(connectionKey), Long.toString(userId));
                last[0] = answer == 1;
            } catch (RedisException e) {
                // Redis away: the lease lapses on its own, and the sweep announces the user offline.
                warn("forget a socket", e);
            }
            if (keys != null) {
                keys.remove(connectionKey);
            }
            return keys == null || keys.isEmpty() ? null : keys;
        });
        return last[0];
    }

    @Override
    public boolean isOnline(long userId) {
        return !online(List.of(userId)).isEmpty();
    }

    @Override
    public Set<Long> online(Collection<Long> userIds) {
        // One pipelined round trip for the lot (a friend list), not one per user.
        Range<Long> live = Range.create(clock.millis() + 1, Long.MAX_VALUE);
        Map<Long, RedisFuture<Long>> counts = new LinkedHashMap<>();
        for (Long id : userIds) {
            counts.put(id, redis.async().zcount(key(id), live));
        }
        Set<Long> online = new HashSet<>();
        try {
            for (Map.Entry<Long, RedisFuture<Long>> count : counts.entrySet()) {
                if (await(count.getValue()) > 0) {
                    online.add(count.getKey());
                }
            }
        } catch (RedisException e) {
            // Redis away: presence is unknown, shown as offline (with the time last seen stored).
            warn("read presence", e);
            return Set.of();
        }
        return online;
    }

    @Override
    public Set<Long> lapsed(int max) {
        List<Object> gone = redis.eval(LAPSED, ScriptOutputType.MULTI, new String[] {lapses()},
                Long.toString(clock.millis()), Integer.toString(max), redis.prefix() + "presence:");
        Set<Long> users = new HashSet<>();
        for (Object user : gone) {
            users.add(Long.valueOf(user.toString()));
        }
        return users;
    }

    @Override
    public Map<Long, Set<Integer>> nodesOf(Collection<Long> userIds) {
        // One pipelined round trip: each user's live leases, whose members start with their node.
        Range<Long> live = Range.create(clock.millis() + 1, Long.MAX_VALUE);
        Map<Long, RedisFuture<List<String>>> leases = new LinkedHashMap<>();
        for (Long id : userIds) {
            leases.put(id, redis.async().zrangebyscore(key(id), live));
        }
        Map<Long, Set<Integer>> nodes = new HashMap<>();
        for (Map.Entry<Long, RedisFuture<List<String>>> entry : leases.entrySet()) {
            for (String member : await(entry.getValue())) {
                Integer holder = nodeOf(member);
                if (holder != null) {
                    nodes.computeIfAbsent(entry.getKey(), id -> new HashSet<>(2)).add(holder);
                }
            }
        }
        return nodes;
    }

    /** The node of a member {@code <node>/<connection key>}; null for one this code did not write. */
    private static Integer nodeOf(String member) {
        int slash = member.indexOf('/');
        try {
            return slash > 0 ? Integer.valueOf(member.substring(0, slash)) : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private void warn(String what, RedisException e) {
        degraded.record("could not " + what + ": " + e);
    }

    private static <T> T await(RedisFuture<T> answer) {
        try {
            return answer.get(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RedisException("interrupted while asking Redis", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new RedisException("Redis did not answer", e);
        }
    }

    /**
     * Renews the leases of this node's sockets. A socket closing meanwhile is not brought back: the
     * renewal of a user runs under the same entry as their connects and disconnects. After a Redis
     * restart this also puts this node's sockets back.
     */
    void renew() {
        long until = clock.millis() + lease.toMillis();
        List<RedisFuture<?>> sent = new ArrayList<>();
        for (Long userId : List.copyOf(mine.keySet())) {
            // Pipelined; queued on the one connection before any later disconnect of the user.
            mine.computeIfPresent(userId, (id, keys) -> {
                for (String connectionKey : keys) {
                    sent.add(redis.async().zadd(key(userId), until, member(connectionKey)));
                }
                sent.add(redis.async().pexpire(key(userId), lease.toMillis() * 2));
                sent.add(redis.async().zadd(lapses(), until, Long.toString(userId)));
                return keys;
            });
        }
        sent.forEach(RedisPresenceRegistry::await);
    }

    @Override
    public synchronized void start() {
        heartbeat = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform()
                .name("presence-lease").daemon(true).factory());
        long every = Math.max(1, lease.toMillis() / 3);
        heartbeat.scheduleWithFixedDelay(() -> {
            try {
                renew();
            } catch (RuntimeException e) {
                // Redis away for a moment: the next beat tries again, before the leases run out.
                log.warn("Could not renew presence leases: {}", e.toString());
            }
        }, every, every, TimeUnit.MILLISECONDS);
    }

    /**
     * Stops renewing and takes this node's sockets out of Redis at once (the gateway has closed
     * them by then; what is left is a close not yet heard): other nodes stop routing here now, not
     * when the leases lapse.
     */
    @Override
    public synchronized void stop() {
        if (heartbeat != null) {
            heartbeat.shutdownNow();
            heartbeat = null;
        }
        try {
            forgetMine();
        } catch (RuntimeException e) {
            log.warn("Could not remove this node's presence leases (they lapse on their own): {}", e.toString());
        }
    }

    void forgetMine() {
        List<RedisFuture<?>> sent = new ArrayList<>();
        for (Long userId : List.copyOf(mine.keySet())) {
            mine.computeIfPresent(userId, (id, keys) -> {
                sent.add(redis.async().zrem(key(userId), keys.stream().map(this::member).toArray(String[]::new)));
                return null;
            });
        }
        sent.forEach(RedisPresenceRegistry::await);
    }

    /** Renews from before the web server takes sockets until after it has let them all go. */
    @Override
    public int getPhase() {
        return SmartLifecycle.DEFAULT_PHASE - 2560;
    }

    @Override
    public synchronized boolean isRunning() {
        return heartbeat != null;
    }
}
