package io.parley.gateway;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.parley.platform.id.IdGenerator;
import io.parley.protocol.ClientFrame;
import io.parley.protocol.ServerFrame;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.springframework.stereotype.Component;

/**
 * The gateway's meters. Tags are frame types only (the protocol's names, a fixed set), never a
 * user, device or conversation. Every meter is built up front: the message path only increments.
 */
@Component
final class GatewayMetrics {
    static final String UNREADABLE = "unreadable";

    private final Clock clock;
    private final Map<Class<?>, Counter> framesIn;
    private final Counter unreadable;
    private final Map<Class<?>, Counter> framesOut;
    private final Counter deliveries;
    private final Counter tooSlow;
    private final Timer fanout;

    GatewayMetrics(MeterRegistry registry, Clock clock) {
        this.clock = clock;
        framesIn = byType(registry, ClientFrame.class, "parley.gateway.frames.in",
                "Frames received from clients, by type");
        unreadable = Counter.builder("parley.gateway.frames.in").tag("type", UNREADABLE)
                .description("Frames received from clients, by type").register(registry);
        framesOut = byType(registry, ServerFrame.class, "parley.gateway.frames.out",
                "Frames this node made for clients, by type (each encoded once, whatever the number of recipients)");
        deliveries = Counter.builder("parley.gateway.deliveries")
                .description("Frames written to this node's sockets").register(registry);
        tooSlow = Counter.builder("parley.gateway.slow.consumers")
                .description("Sockets cut off because their client could not keep up").register(registry);
        fanout = Timer.builder("parley.gateway.fanout.latency")
                .description("From a message's commit to its frame queued on this node's sockets (and sent on to the nodes holding the other recipients)")
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(1))
                .maximumExpectedValue(Duration.ofSeconds(30))
                .register(registry);
    }

    /** The live sockets of this node, read at each scrape. */
    static MeterBinder connections(SessionHub hub) {
        return registry -> Gauge.builder("parley.gateway.connections", hub, SessionHub::connectionCount)
                .description("WebSocket connections open on this node").register(registry);
    }

    void received(ClientFrame frame) {
        framesIn.get(frame.getClass()).increment();
    }

    /** A frame that was not JSON of a known type, or too large. */
    void unreadable() {
        unreadable.increment();
    }

    void encoded(ServerFrame frame) {
        framesOut.get(frame.getClass()).increment();
    }

    void delivered(int frames) {
        if (frames > 0) {
            deliveries.increment(frames);
        }
    }

    void cutOffTooSlow() {
        tooSlow.increment();
    }

    /** A message's frame reached the sockets: its id tells when the writer committed it. */
    void fannedOut(long messageId) {
        fanout.record(Math.max(0, clock.millis() - IdGenerator.epochMillisOf(messageId)), TimeUnit.MILLISECONDS);
    }

    /** One counter per frame type, tagged with the name the protocol gives it. */
    private static Map<Class<?>, Counter> byType(MeterRegistry registry, Class<?> frames, String name, String description) {
        Map<Class<?>, Counter> counters = new HashMap<>();
        FrameNames.of(frames).forEach((type, typeName) -> counters.put(type,
                Counter.builder(name).tag("type", typeName).description(description).register(registry)));
        return Map.copyOf(counters);
    }
}
