package io.parley.gateway;

import io.parley.protocol.ServerFrame;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import org.springframework.stereotype.Component;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.TextMessage;
import tools.jackson.databind.json.JsonMapper;

/**
 * The sockets connected to this node, by user. It encodes each frame once, whatever the number
 * of recipients, and queues it on their devices' sockets. Only the gateway knows it: features
 * publish a {@link io.parley.protocol.Delivery} (see {@link DeliveryFanout}).
 */
@Component
class SessionHub {
    private static final List<Connection> NONE = List.of();
    private final Map<Long, List<Connection>> byUser = new ConcurrentHashMap<>();
    private final AtomicLong connections = new AtomicLong();
    private final JsonMapper json;
    private final GatewayMetrics metrics;

    SessionHub(JsonMapper json, GatewayMetrics metrics) {
        this.json = json;
        this.metrics = metrics;
    }

    void register(Connection connection) {
        byUser.computeIfAbsent(connection.userId, id -> new CopyOnWriteArrayList<>()).add(connection);
        connections.incrementAndGet();
    }

    /** Answers whether this was the user's last socket on this node. */
    boolean unregister(Connection connection) {
        boolean[] last = {false};
        byUser.computeIfPresent(connection.userId, (id, list) -> {
            if (list.remove(connection)) {
                connections.decrementAndGet();
            }
            last[0] = list.isEmpty();
            return list.isEmpty() ? null : list;
        });
        return last[0];
    }

    TextMessage encode(ServerFrame frame) {
        metrics.encoded(frame);
        // Built from bytes, the message knows its length without encoding again per recipient.
        return new TextMessage(json.writeValueAsBytes(frame));
    }

    /**
     * Sends a frame to every connected device of each user, except the device session
     * {@code exceptDevice} (the one that caused it; 0 for none).
     */
    void deliver(long[] userIds, ServerFrame frame, long exceptDevice) {
        TextMessage encoded = null;
        for (long userId : userIds) {
            List<Connection> devices = byUser.getOrDefault(userId, NONE);
            for (Connection connection : devices) {
                if (connection.deviceSessionId == exceptDevice) {
                    continue;
                }
                if (encoded == null) {
                    encoded = encode(frame);
                }
                connection.send(encoded);
            }
        }
    }

    /** The same with a frame encoded already (here, or on the node that routed it here). */
    void deliver(long[] userIds, TextMessage encoded, long exceptDevice) {
        for (long userId : userIds) {
            for (Connection connection : byUser.getOrDefault(userId, NONE)) {
                if (connection.deviceSessionId != exceptDevice) {
                    connection.send(encoded);
                }
            }
        }
    }

    /** Whether any of the users has a socket on this node. */
    boolean holdsAnyOf(long[] userIds) {
        for (long userId : userIds) {
            if (byUser.containsKey(userId)) {
                return true;
            }
        }
        return false;
    }

    /** Whether the user has a socket on this node. */
    boolean isConnectedHere(long userId) {
        return byUser.containsKey(userId);
    }

    long connectionCount() {
        return connections.get();
    }

    void closeDevices(long userId, Collection<Long> deviceSessionIds, CloseStatus status) {
        for (Connection connection : byUser.getOrDefault(userId, NONE)) {
            if (deviceSessionIds.contains(connection.deviceSessionId)) {
                connection.close(status);
            }
        }
    }

    void closeUser(long userId, CloseStatus status) {
        byUser.getOrDefault(userId, NONE).forEach(connection -> connection.close(status));
    }

    Collection<List<Connection>> all() {
        return byUser.values();
    }
}
