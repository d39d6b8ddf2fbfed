package io.parley.gateway;

import io.parley.protocol.Delivery;
import io.parley.protocol.ServerFrame;

/**
 * Times each message's way from the writer's commit, through the bus, to the sockets: once the
 * router returns, the frame is queued on this node's sockets and on its way to the other nodes.
 */
final class MeteredDeliveryRouter implements DeliveryRouter {
    private final DeliveryRouter router;
    private final GatewayMetrics metrics;

    MeteredDeliveryRouter(DeliveryRouter router, GatewayMetrics metrics) {
        this.router = router;
        this.metrics = metrics;
    }

    @Override
    public void route(Delivery delivery) {
        router.route(delivery);
        if (delivery.frame() instanceof ServerFrame.NewMessage message) {
            metrics.fannedOut(Long.parseLong(message.message().id()));
        }
    }
}
