package io.parley.gateway;

import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import io.parley.platform.bus.EventOrigin;
import io.parley.platform.cluster.NodeIdentity;
import io.parley.platform.redis.Redis;
import io.parley.presence.PresenceRegistry;
import io.parley.protocol.Delivery;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.LongStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import org.springframework.web.socket.TextMessage;

/**
 * Many nodes: asks the location registry (the presence leases in Redis) which nodes hold the
 * recipients, in one round trip; writes to the sockets here; and sends the frame, encoded once,
 * in ONE message to each other node that holds a recipient, on that node's Redis sharded pub/sub
 * channel ({@code <prefix>node:<id>}, SPUBLISH). Each node listens on its own channel (SSUBSCRIBE)
 * and writes what arrives to its sockets as it is. A node without recipients gets nothing.
 *
 * <p>Order: one delivery after another on the bus's thread, all messages on one connection, so one
 * conversation's frames reach each node in order. If Redis is away, this node still writes to its
 * own sockets; the others' devices miss the live frame (logged, at most every ten seconds). Every
 * node subscribes again once Redis is back and then closes its sockets, so that their apps
 * reconnect and sync what they missed.
 */
@Component
@ConditionalOnProperty(name = "parley.routing", havingValue = "redis")
class RedisDeliveryRouter implements DeliveryRouter, SmartLifecycle, DisposableBean {
    private static final Logger log = LoggerFactory.getLogger(RedisDeliveryRouter.class);
    private static final long QUIET_NANOS = 10_000_000_000L;

    private final Redis redis;
    private final int self;
    private final PresenceRegistry registry;
    private final SessionHub hub;
    private final LocalDelivery local;
    private final StatefulRedisConnection<String, byte[]> publisher;
    private final StatefulRedisPubSubConnection<String, byte[]> subscriber;
    private final AtomicLong lastWarning = new AtomicLong(System.nanoTime() - QUIET_NANOS);
    private final AtomicLong received = new AtomicLong();
    private final AtomicBoolean firstSubscription = new AtomicBoolean();
    private volatile boolean running;

    RedisDeliveryRouter(Redis redis, NodeIdentity identity, PresenceRegistry registry, SessionHub hub,
            LocalDelivery local) {
        this.redis = redis;
        this.self = identity.nodeId();
        this.registry = registry;
        this.hub = hub;
        this.local = local;
        this.publisher = redis.connectBinary();
        this.subscriber = redis.pubSubBinary();
        subscriber.addListener(new RedisPubSubAdapter<>() {
            @Override
            public void smessage(String channel, byte[] message) {
                receive(message);
            }

            @Override
            public void ssubscribed(String channel, long count) {
                // The first is start()'s own subscription, heard just after it returned.
                if (!firstSubscription.getAndSet(false) && running) {
                    // Off Lettuce's event loop, which every Redis connection shares.
                    Thread.startVirtualThread(RedisDeliveryRouter.this::resync);
                }
            }
        });
    }

    private String channel(int node) {
        return redis.prefix() + "node:" + node;
    }

    @Override
    public void route(Delivery delivery) {
        String origin = EventOrigin.current().orElse(null);
        long[] userIds = delivery.userIds();
        Map<Integer, long[]> elsewhere = elsewhere(userIds);
        boolean here = hub.holdsAnyOf(userIds);
        if (!here && elsewhere.isEmpty()) {
            return;
        }
        TextMessage encoded = hub.encode(delivery.frame());
        if (here) {
            local.deliver(origin, userIds, delivery.exceptDevice(), encoded);
        }
        elsewhere.forEach((node, recipients) -> publish(node,
                new RoutedFrame(origin, recipients, delivery.exceptDevice(), encoded.asBytes())));
    }

    /** The recipients connected on other nodes, by node; none when Redis cannot say. */
    private Map<Integer, long[]> elsewhere(long[] userIds) {
        Map<Long, Set<Integer>> located;
        try {
            // A lost connection fails at once instead of holding the bus's thread until a timeout.
            if (!redis.isConnected()) {
                throw new IllegalStateException("not connected to Redis");
            }
            located = registry.nodesOf(Arrays.stream(userIds).boxed().toList());
        } catch (RuntimeException e) {
            warn("Cannot tell where recipients are connected ({}); delivering on this node only, the others sync",
                    e.toString());
            return Map.of();
        }
        Map<Integer, LongStream.Builder> byNode = new HashMap<>();
        located.forEach((userId, nodes) -> nodes.forEach(node -> {
            if (node != self) {
                byNode.computeIfAbsent(node, n -> LongStream.builder()).add(userId);
            }
        }));
        Map<Integer, long[]> elsewhere = new HashMap<>();
        byNode.forEach((node, ids) -> elsewhere.put(node, ids.build().toArray()));
        return elsewhere;
    }

    private void publish(int node, RoutedFrame frame) {
        if (!publisher.isOpen()) {
            warn("Not connected to Redis: a frame for node {} is dropped (its devices sync)", node);
            return;
        }
        publisher.async().spublish(channel(node), frame.toBytes()).whenComplete((listeners, failure) -> {
            if (failure != null) {
                warn("Could not send a frame to node {}: {}", node, failure.toString());
            }
        });
    }

    private void receive(byte[] message) {
        RoutedFrame frame;
        try {
            frame = RoutedFrame.of(message);
        } catch (IllegalArgumentException e) {
            warn("Dropped an unreadable routed frame: {}", e.getMessage());
            return;
        }
        received.incrementAndGet();
        local.deliver(frame.origin(), frame.userIds(), frame.exceptDevice(), new TextMessage(frame.frame()));
    }

    /**
     * Subscribed again (Lettuce does it by itself once Redis answers again): frames other nodes sent
     * here meanwhile are lost, and so are, if Redis restarted, the leases that tell them this node's
     * sockets are here (until the next renewal). The devices would never learn: an app syncs only
     * when it (re)connects. So every socket here is closed, once what is queued on it is written; the
     * apps reconnect, through the proxy to any node, and sync.
     */
    private void resync() {
        long open = hub.connectionCount();
        log.warn("Listening again after losing Redis: closing {} sockets here so that their apps sync what they may "
                + "have missed", open);
        for (List<Connection> devices : hub.all()) {
            devices.forEach(connection -> connection.closeAfterPending(Connection.RESYNC));
        }
    }

    /** How many frames other nodes have sent this one. */
    long received() {
        return received.get();
    }

    private void warn(String message, Object... arguments) {
        long now = System.nanoTime();
        long last = lastWarning.get();
        if (now - last >= QUIET_NANOS && lastWarning.compareAndSet(last, now)) {
            log.warn(message, arguments);
        }
    }

    @Override
    public void start() {
        firstSubscription.set(true);
        subscriber.sync().ssubscribe(channel(self));
        running = true;
    }

    @Override
    public void stop() {
        running = false;
        try {
            subscriber.sync().sunsubscribe(channel(self));
        } catch (RuntimeException e) {
            log.debug("Could not unsubscribe from {}: {}", channel(self), e.toString());
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** Listens from before the web server takes sockets until after it has let them all go. */
    @Override
    public int getPhase() {
        return SmartLifecycle.DEFAULT_PHASE - 2560;
    }

    @Override
    public void destroy() {
        subscriber.close();
        publisher.close();
    }
}
