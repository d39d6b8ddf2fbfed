package io.parley.gateway;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.parley.presence.PresenceRegistry;
import java.time.Clock;
import io.parley.protocol.ServerFrame;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiFunction;
import org.springframework.web.socket.TextMessage;
import tools.jackson.databind.json.JsonMapper;

/**
 * One node's gateway without a web server: a real hub, real connections over recorded sockets, a
 * router, and the count of frames it encoded. Several share one Redis to be a cluster.
 */
final class TestNode {
    private static final JsonMapper json = JsonMapper.builder().build();
    private static final AtomicLong connectionIds = new AtomicLong();
    /** Meters nobody reads. */
    static final GatewayMetrics METRICS = new GatewayMetrics(new SimpleMeterRegistry(), Clock.systemUTC());

    final AtomicInteger encodes = new AtomicInteger();
    final SessionHub hub = new SessionHub(json, METRICS) {
        @Override
        TextMessage encode(ServerFrame frame) {
            encodes.incrementAndGet();
            return super.encode(frame);
        }
    };
    final LocalDelivery local = new LocalDelivery(hub);
    final DeliveryRouter router;
    private final PresenceRegistry registry;

    TestNode(PresenceRegistry registry, BiFunction<SessionHub, LocalDelivery, DeliveryRouter> router) {
        this.registry = registry;
        this.router = router.apply(hub, local);
    }

    /** A device of the user connects here; answers its socket. */
    RecordingSession connect(long userId, long deviceSessionId) {
        long id = connectionIds.incrementAndGet();
        RecordingSession session = new RecordingSession("s" + id);
        hub.register(new Connection(id, userId, deviceSessionId, session, null, System.currentTimeMillis(), 100,
                1 << 20, METRICS));
        registry.connected(userId, Long.toString(id));
        return session;
    }

    static String encoded(ServerFrame frame) {
        return json.writeValueAsString(frame);
    }
}
