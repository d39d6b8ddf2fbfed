package io.parley.platform.bus;

import java.util.function.Consumer;

/**
 * Carries events between features and, at scale, between nodes. Events with the same
 * {@link BusEvent#routingKey()} are handed to subscribers in the order they were published.
 * Subscribers must not block: they hand work on (to a session queue, an executor).
 *
 * <p>Two ways to listen, which differ only when there are several nodes:
 * <ul>
 * <li>{@link #subscribe}: work done once for each event, on whichever node the bus picks (turning
 * a message into frames for its recipients);
 * <li>{@link #observe}: state each node keeps for itself and must update on every node (a cache
 * to forget, the sockets it holds to close).
 * </ul>
 * A {@link LocalEvent} never leaves the node that published it, whichever way it is heard.
 */
public interface EventBus {

    void publish(BusEvent event);

    /** Once for each event, on one node. */
    <E extends BusEvent> void subscribe(Class<E> type, Consumer<? super E> subscriber);

    /** On every node, for each event. */
    default <E extends BusEvent> void observe(Class<E> type, Consumer<? super E> observer) {
        subscribe(type, observer);
    }

    /**
     * How far this node's listeners are behind (for metrics): events taken in but not yet handed
     * to them, plus, on a bus between nodes, events published that this node has yet to read.
     */
    long lag();
}
