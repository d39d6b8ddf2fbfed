package io.parley.gateway;

import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import io.micrometer.tracing.Span;
import io.parley.platform.bus.EventBus;
import io.parley.platform.bus.EventOrigin;
import io.parley.platform.cluster.NodeIdentity;
import io.parley.platform.logging.ThrottledWarning;
import io.parley.platform.redis.Redis;
import io.parley.platform.tracing.Traces;
import io.parley.presence.PresenceRegistry;
import io.parley.protocol.Delivery;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
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
 * conversation's frames reach each node in order.
 *
 * <p>Redis away: a frame Redis cannot carry (this node cannot look up or publish, or nobody listens
 * on the other node's channel) goes over the bus's broadcast instead, to the node it was for, or to
 * every node when this one cannot tell where the recipients are (logged, at most every ten seconds).
 * A node that was cut off subscribes again once Redis is back and closes its sockets: frames sent
 * to it meanwhile over Redis are lost, and a restarted Redis forgot where its sockets are (until the
 * next renewal of the leases), so their apps reconnect and sync.
 *
 * <p>While traces are exported, a frame carries its trace ({@link RoutedFrame#traceparent()}); the
 * node it reaches writes it to its sockets in a child span, {@code ws write}, so one message is one
 * trace across nodes.
 */
@Component
@ConditionalOnProperty(name = "parley.routing", havingValue = "redis")
class RedisDeliveryRouter implements DeliveryRouter, SmartLifecycle, DisposableBean {
    private static final Logger log = LoggerFactory.getLogger(RedisDeliveryRouter.class);
    private static final Duration QUIET = Duration.ofSeconds(10);
    private static final int EVERY_NODE = -1;

    private final Redis redis;
    private final EventBus bus;
    private final int self;
    private final PresenceRegistry registry;
    private final SessionHub hub;
    private final LocalDelivery local;
    private final Traces traces;
    private final StatefulRedisConnection<String, byte[]> publisher;
    private final StatefulRedisPubSubConnection<String, byte[]> subscriber;
    private final ThrottledWarning unlocated = new ThrottledWarning(log, QUIET,
            "Cannot tell where recipients are connected ({} times; latest: {}); frames go to every node over the bus");
    private final ThrottledWarning uncarried = new ThrottledWarning(log, QUIET,
            "Redis could not carry frames ({} times; latest to node {}); they go over the bus");
    private final ThrottledWarning unreadable = new ThrottledWarning(log, QUIET,
            "Dropped unreadable routed frames ({} times; latest: {})");
    private final AtomicLong received = new AtomicLong();
    private final AtomicBoolean firstSubscription = new AtomicBoolean();
    private volatile boolean running;

    RedisDeliveryRouter(Redis redis, NodeIdentity identity, PresenceRegistry registry, SessionHub hub,
            LocalDelivery local, EventBus bus, Traces traces) {
        this.redis = redis;
        this.bus = bus;
        this.self = identity.nodeId();
        this.registry = registry;
        this.hub = hub;
        this.local = local;
        this.traces = traces;
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
        bus.observe(RoutedByBus.class, this::receive);
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
        if (!here && elsewhere != null && elsewhere.isEmpty()) {
            return;
        }
        TextMessage encoded = hub.encode(delivery.frame());
        if (here) {
            local.deliver(origin, userIds, delivery.exceptDevice(), encoded);
        }
        if (elsewhere == null) {
            viaBus(EVERY_NODE, new RoutedFrame(origin, userIds, delivery.exceptDevice(), encoded.asBytes()));
            return;
        }
        String traceparent = elsewhere.isEmpty() ? null : Traces.traceparent(traces.toCarry());
        elsewhere.forEach((node, recipients) -> publish(node,
                new RoutedFrame(origin, recipients, delivery.exceptDevice(), encoded.asBytes(), traceparent)));
    }

    /** The recipients connected on other nodes, by node; null when Redis cannot say. */
    private Map<Integer, long[]> elsewhere(long[] userIds) {
        Map<Long, Set<Integer>> located;
        try {
            // A lost connection fails at once instead of holding the bus's thread until a timeout.
            if (!redis.isConnected()) {
                throw new IllegalStateException("not connected to Redis");
            }
            located = registry.nodesOf(Arrays.stream(userIds).boxed().toList());
        } catch (RuntimeException e) {
            unlocated.record(e.toString());
            return null;
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
            viaBus(node, frame);
            return;
        }
        publisher.async().spublish(channel(node), frame.toBytes()).whenComplete((listeners, failure) -> {
            // Nobody listening: that node is not subscribed (cut off from Redis, or dead with its leases
            // not yet lapsed). The bus reaches it if it lives.
            if (failure != null || listeners == null || listeners == 0) {
                viaBus(node, frame);
            }
        });
    }

    /** Redis cannot carry the frame: the bus's broadcast takes it to every node, and {@code node} writes it. */
    private void viaBus(int node, RoutedFrame frame) {
        uncarried.record(node);
        bus.publish(new RoutedByBus(self, node, frame.origin(), Arrays.stream(frame.userIds()).boxed().toList(),
                frame.exceptDevice(), new String(frame.frame(), StandardCharsets.UTF_8)));
    }

    private void receive(RoutedByBus routed) {
        if (routed.from() != self && (routed.to() == EVERY_NODE || routed.to() == self)) {
            received.incrementAndGet();
            local.deliver(routed.origin(), routed.userIds().stream().mapToLong(Long::longValue).toArray(),
                    routed.exceptDevice(), new TextMessage(routed.frame()));
        }
    }

    private void receive(byte[] message) {
        RoutedFrame frame;
        try {
            frame = RoutedFrame.of(message);
        } catch (IllegalArgumentException e) {
            unreadable.record(e.getMessage());
            return;
        }
        received.incrementAndGet();
        try (Traces.Scope span = traces.continueOrSkip("ws write", Span.Kind.CONSUMER, traces.parse(frame.traceparent()))) {
            if (span.recording()) {
                span.tag("parley.recipients", Integer.toString(frame.userIds().length));
            }
            local.deliver(frame.origin(), frame.userIds(), frame.exceptDevice(), new TextMessage(frame.frame()));
        }
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
