package io.parley.protocol;

import io.parley.platform.bus.BusEvent;
import io.parley.platform.bus.LocalEvent;
import java.util.Collection;

/**
 * A frame for every connected device of some users, wherever they are connected. Features
 * publish it on the bus instead of touching sockets; the gateway's fan-out encodes the frame once
 * and writes it to the devices it holds (at scale: routes it to the nodes that hold them).
 *
 * @param routingKey   orders it like the event it comes from (a conversation's id for what happens
 *                     in a conversation), so deliveries keep that event's order
 * @param userIds      the recipients
 * @param exceptDevice the device session not to send it to (the one that caused it, which has its
 *                     answer already); 0 for none
 */
public record Delivery(long routingKey, long[] userIds, long exceptDevice, ServerFrame frame) implements LocalEvent {

    /** To the users' devices, in the order of {@code cause}. */
    public static Delivery of(BusEvent cause, ServerFrame frame, long... userIds) {
        return new Delivery(cause.routingKey(), userIds, 0, frame);
    }

    public static Delivery of(BusEvent cause, ServerFrame frame, Collection<Long> userIds) {
        return of(cause, frame, userIds.stream().mapToLong(Long::longValue).toArray());
    }
}
