package io.parley.gateway;

import io.parley.platform.bus.EventBus;
import io.parley.protocol.Delivery;
import org.springframework.stereotype.Component;

/**
 * Where the features' deliveries become socket writes: each frame is encoded once, whatever the
 * number of recipients, and queued on the sockets of their devices on this node. It runs on the
 * bus's thread for the delivery's routing key, so deliveries of one conversation keep their order
 * and no socket write waits (each socket has its own queue). With many nodes this is the stage
 * that looks up which node holds each recipient and forwards the encoded frame once per node.
 */
@Component
class DeliveryFanout {

    DeliveryFanout(SessionHub hub, EventBus bus) {
        bus.subscribe(Delivery.class, delivery -> hub.deliver(delivery.userIds(), delivery.frame(),
                delivery.exceptDevice()));
    }
}
