package io.parley.platform.bus;

import java.util.function.Consumer;

/**
 * Carries events between features and, at scale, between nodes. Events with the same
 * {@link BusEvent#routingKey()} are handed to subscribers in the order they were published.
 * Subscribers must not block: they hand work on (to a session queue, an executor).
 */
public interface EventBus {

    void publish(BusEvent event);

    <E extends BusEvent> void subscribe(Class<E> type, Consumer<? super E> subscriber);
}
