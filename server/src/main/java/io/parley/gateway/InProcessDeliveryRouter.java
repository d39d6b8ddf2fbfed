package io.parley.gateway;

import io.parley.platform.bus.EventOrigin;
import io.parley.protocol.Delivery;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.stereotype.Component;

/** One node: every recipient's sockets are here. The frame is encoded only if someone is here to get it. */
@Component
@ConditionalOnProperty(name = "parley.routing", havingValue = "in-process", matchIfMissing = true)
class InProcessDeliveryRouter implements DeliveryRouter {
    private final SessionHub hub;
    private final LocalDelivery local;

    InProcessDeliveryRouter(SessionHub hub, LocalDelivery local) {
        this.hub = hub;
        this.local = local;
    }

    @Override
    public void route(Delivery delivery) {
        String origin = EventOrigin.current().orElse(null);
        if (origin == null) {
            hub.deliver(delivery.userIds(), delivery.frame(), delivery.exceptDevice());
        } else if (hub.holdsAnyOf(delivery.userIds())) {
            local.deliver(origin, delivery.userIds(), delivery.exceptDevice(), hub.encode(delivery.frame()));
        }
    }
}
