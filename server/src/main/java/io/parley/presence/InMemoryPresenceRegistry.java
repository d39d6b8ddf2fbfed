package io.parley.presence;

import java.util.Collection;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.stereotype.Component;

@Component
@ConditionalOnProperty(name = "parley.presence", havingValue = "in-memory", matchIfMissing = true)
class InMemoryPresenceRegistry implements PresenceRegistry {
    private final Map<Long, Set<String>> sockets = new ConcurrentHashMap<>();

    @Override
    public boolean connected(long userId, String connectionKey) {
        boolean[] first = {false};
        sockets.compute(userId, (id, keys) -> {
            Set<String> set = keys == null ? ConcurrentHashMap.newKeySet() : keys;
            first[0] = set.isEmpty();
            set.add(connectionKey);
            return set;
        });
        return first[0];
    }

    @Override
    public boolean disconnected(long userId, String connectionKey) {
        boolean[] last = {false};
        sockets.computeIfPresent(userId, (id, keys) -> {
            keys.remove(connectionKey);
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
}
