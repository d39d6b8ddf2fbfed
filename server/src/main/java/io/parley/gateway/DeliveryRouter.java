package io.parley.gateway;

import io.parley.protocol.Delivery;

/**
 * Takes a delivery from the bus to the sockets of its recipients' devices, wherever they are:
 * {@link InProcessDeliveryRouter} when every socket is on this node, {@link RedisDeliveryRouter}
 * when they are spread over nodes. Called on the bus's thread for the delivery's routing key, in
 * order: it must not reorder one key's deliveries, nor wait on a socket.
 */
interface DeliveryRouter {

    void route(Delivery delivery);
}
