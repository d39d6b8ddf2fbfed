package io.parley.platform.bus;

/** Something that happened, published on the {@link EventBus}. */
public interface BusEvent {

    /** Events with the same key keep their order (a conversation's id, a user's id). */
    long routingKey();
}
