package io.parley.gateway;

import io.parley.platform.bus.EventBus;
import io.parley.platform.tracing.Traces;
import io.parley.protocol.Delivery;
import org.springframework.stereotype.Component;

/**
 * Where the features' deliveries become socket writes: each frame is encoded once, whatever the
 * number of recipients, and queued on the sockets of their devices. It runs on the bus's thread for
 * the delivery's routing key, so deliveries of one conversation keep their order and no socket
 * write waits (each socket has its own queue). The router decides where the sockets are: all here
 * ({@code parley.routing=in-process}), or on the nodes the location registry names, the encoded
 * frame sent once to each ({@code parley.routing=redis}).
 */
@Component
class DeliveryFanout {

    DeliveryFanout(DeliveryRouter router, EventBus bus, GatewayMetrics metrics, Traces traces) {
        bus.subscribe(Delivery.class, new MeteredDeliveryRouter(new TracedDeliveryRouter(router, traces), metrics)::route);
    }
}
