package io.parley.presence;

import io.parley.platform.cluster.NodeIdentity;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.IntSupplier;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.stereotype.Component;

/**
 * One node's view: the connection keys each user has open. Keys, not a count: a close heard
 * twice, or for a socket never counted, must not take someone else's socket with it.
 */
@Component
@ConditionalOnProperty(name = "parley.presence.registry", havingValue = "in-memory", matchIfMissing = true)
class InMemoryPresenceRegistry implements PresenceRegistry {
    private final Map<Long, Set<String>> sockets = new ConcurrentHashMap<>();
    /** This node's number: every socket it knows of is here. */
    private final IntSupplier node;

    /** The number is asked only when locating (a context holding just presence needs none). */
    @Autowired
    InMemoryPresenceRegistry(ObjectProvider<NodeIdentity> identity) {
        this.node = () -> identity.getObject().nodeId();
    }

    InMemoryPresenceRegistry(int node) {
        this.node = () -> node;
    }

    @Override
    public boolean connected(long userId, String connectionKey) {
        boolean[] first = {false};
        sockets.compute(userId, (id, keys) -> {
            Set<String> open = keys == null ? new HashSet<>() : keys;
            first[0] = open.isEmpty();
            open.add(connectionKey);
            return open;
        });
        return first[0];
    }

    @Override
    public boolean disconnected(long userId, String connectionKey) {
        boolean[] last = {false};
        sockets.computeIfPresent(userId, (id, keys) -> {
            if (!keys.remove(connectionKey)) {
                return keys;
            }
            last[0] = keys.isEmpty();
            return keys.isEmpty() ? null : keys;
        });
        return last[0];
    }

    @Override
    public boolean isOnline(long userId) {
        return sockets.containsKey(userId);
    }

    @Override
    public Set<Long> online(Collection<Long> userIds) {
        Set<Long> online = new HashSet<>();
        for (Long id : userIds) {
            if (sockets.containsKey(id)) {
                online.add(id);
            }
        }
        return online;
    }

    /** None: on one node, a node that dies takes everyone's sockets and the registry with it. */
    @Override
    public Set<Long> lapsed(int max) {
        return Set.of();
    }

    @Override
    public Map<Long, Set<Integer>> nodesOf(Collection<Long> userIds) {
        Map<Long, Set<Integer>> nodes = new HashMap<>();
        for (Long id : userIds) {
            if (sockets.containsKey(id)) {
                nodes.put(id, Set.of(node.getAsInt()));
            }
        }
        return nodes;
    }
}
