package io.parley.gateway;

import io.parley.platform.tracing.Traces;
import io.parley.protocol.Delivery;
import io.parley.protocol.ServerFrame;
import java.util.Map;

/**
 * Puts a delivery of a sampled trace in a span of its own ({@code fanout <frame>}, with the number
 * of recipients), around the router's work: the lookup of where they are, the writes here and the
 * frames sent on to other nodes (which carry the trace on, see {@link RoutedFrame}). Deliveries of
 * unsampled traces go straight through.
 */
final class TracedDeliveryRouter implements DeliveryRouter {
    private static final Map<Class<?>, String> SPAN_NAMES = FrameNames.of(ServerFrame.class, "fanout ");

    private final DeliveryRouter router;
    private final Traces traces;

    TracedDeliveryRouter(DeliveryRouter router, Traces traces) {
        this.router = router;
        this.traces = traces;
    }

    @Override
    public void route(Delivery delivery) {
        try (Traces.Scope span = traces.continueOrSkip(SPAN_NAMES.get(delivery.frame().getClass()), null,
                traces.sampled())) {
            if (span.recording()) {
                span.tag("parley.recipients", Integer.toString(delivery.userIds().length));
            }
            router.route(delivery);
        }
    }
}
