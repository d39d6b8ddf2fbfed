package io.parley.platform.cluster;

import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.SetArgs;
import io.parley.platform.redis.Redis;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A node number leased from Redis: the first free one of 0..1023, taken with SET NX under
 * {@code <prefix>node-id:<n>}, holding a random token of this instance. The lease is renewed every
 * third of its length (only while the key still holds this token); if Redis lost the key (a
 * restart), the node takes it again. If another instance holds it (this node's lease lapsed, say
 * while it was cut off from Redis, and a new node took the number), two live nodes would share a
 * number: this node stops ({@code onTaken}). Released when the node stops cleanly.
 *
 * <p>Claimed in the constructor: the number is known before anything can ask for an id.
 */
final class RedisNodeIdentity implements NodeIdentity, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(RedisNodeIdentity.class);
    /** KEYS[1] the number's key; ARGV token, lease ms. 1 renewed, 2 taken again (Redis had lost it), 0 held by another. */
    private static final String RENEW = """
            local holder = redis.call('GET', KEYS[1])
            if holder == ARGV[1] then
              redis.call('PEXPIRE', KEYS[1], ARGV[2])
              return 1
            end
            if not holder then
              redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
              return 2
            end
            return 0
            """;
    /** KEYS[1] the number's key; ARGV token. Deletes it only if this instance still holds it. */
    private static final String RELEASE = """
            if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
            return 0
            """;

    enum Renewal {
        RENEWED,
        RETAKEN,
        TAKEN_BY_ANOTHER
    }

    private final Redis redis;
    private final Duration lease;
    private final Runnable onTaken;
    private final String token = UUID.randomUUID().toString();
    private final int nodeId;
    private final ScheduledExecutorService renewals;
    private volatile boolean lost;

    RedisNodeIdentity(Redis redis, Duration lease, Runnable onTaken) {
        this.redis = redis;
        this.lease = lease;
        this.onTaken = onTaken;
        this.nodeId = claim();
        log.info("This node is number {} (leased from Redis for {})", nodeId, lease);
        renewals = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().name("node-id-lease").daemon().factory());
        long every = Math.max(1, lease.toMillis() / 3);
        renewals.scheduleWithFixedDelay(this::renewQuietly, every, every, TimeUnit.MILLISECONDS);
    }

    private String key(int n) {
        return redis.prefix() + "node-id:" + n;
    }

    /** The lowest free number: nodes stay numbered densely, and a released number is reused first. */
    private int claim() {
        SetArgs free = SetArgs.Builder.nx().px(lease.toMillis());
        for (int n = 0; n <= MAX_NODE_ID; n++) {
            if ("OK".equals(redis.commands().set(key(n), token, free))) {
                return n;
            }
        }
        throw new IllegalStateException("All " + (MAX_NODE_ID + 1) + " node ids are leased: no room for another node");
    }

    @Override
    public int nodeId() {
        return nodeId;
    }

    Renewal renew() {
        Long answer = redis.eval(RENEW, ScriptOutputType.INTEGER, new String[] {key(nodeId)}, token,
                Long.toString(lease.toMillis()));
        return switch (answer.intValue()) {
            case 1 -> Renewal.RENEWED;
            case 2 -> Renewal.RETAKEN;
            default -> Renewal.TAKEN_BY_ANOTHER;
        };
    }

    private void renewQuietly() {
        if (lost) {
            return;
        }
        try {
            switch (renew()) {
                case RENEWED -> {
                }
                case RETAKEN -> log.warn("Redis had lost the lease of node id {} (restarted?); taken again", nodeId);
                case TAKEN_BY_ANOTHER -> {
                    lost = true;
                    log.error("Node id {} is leased by another instance: two live nodes must never share a number; "
                            + "stopping this node", nodeId);
                    onTaken.run();
                }
            }
        } catch (RuntimeException e) {
            // Redis away for a moment: the next beat tries again, before the lease runs out.
            log.warn("Could not renew the lease of node id {}: {}", nodeId, e.toString());
        }
    }

    /** Stops renewing and frees the number for the next node (if it is still this instance's). */
    @Override
    public void close() {
        renewals.shutdownNow();
        try {
            redis.eval(RELEASE, ScriptOutputType.INTEGER, new String[] {key(nodeId)}, token);
        } catch (RuntimeException e) {
            log.warn("Could not release node id {} (it lapses on its own): {}", nodeId, e.toString());
        }
    }
}
