package io.parley.gateway;

import io.parley.platform.bus.BusEvent;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A frame Redis could not carry (this node cannot reach Redis, or the node it was for was not
 * listening), sent over the bus's broadcast instead: the node it names writes it to its sockets
 * ({@code to}; -1 for every node but the sender, which wrote its own share already). Otherwise as
 * a {@link RoutedFrame}.
 *
 * @param frame the frame as encoded once by the sender (JSON)
 */
public record RoutedByBus(int from, int to, @Nullable String origin, List<Long> userIds, long exceptDevice,
        String frame) implements BusEvent {

    public RoutedByBus {
        userIds = List.copyOf(userIds);
    }

    /** One node's frames keep their order (a conversation's are routed by one node at a time). */
    @Override
    public long routingKey() {
        return from;
    }
}
