package io.parley.presence;

import java.util.Collection;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.stereotype.Component;

/** One node's view: how many sockets each user has open (a count is all it needs to keep). */
@Component
@ConditionalOnProperty(name = "parley.presence.registry", havingValue = "in-memory", matchIfMissing = true)
class InMemoryPresenceRegistry implements PresenceRegistry {
    private final Map<Long, Integer> sockets = new ConcurrentHashMap<>();

    @Override
    public boolean connected(long userId, String connectionKey) {
        return sockets.merge(userId, 1, Integer::sum) == 1;
    }

    @Override
    public boolean disconnected(long userId, String connectionKey) {
        boolean[] last = {false};
        sockets.computeIfPresent(userId, (id, count) -> {
            last[0] = count <= 1;
            return count <= 1 ? null : count - 1;
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
}
