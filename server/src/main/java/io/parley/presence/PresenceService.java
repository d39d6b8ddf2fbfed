package io.parley.presence;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.parley.friend.FriendEvent;
import io.parley.friend.FriendService;
import io.parley.friend.Friendship;
import io.parley.gateway.ConnectionEvent;
import io.parley.gateway.SessionHub;
import io.parley.gateway.protocol.ServerFrame;
import io.parley.platform.bus.EventBus;
import io.parley.presence.store.JdbcLastSeenStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Service;

/**
 * Online while any device is connected; offline after a short grace period, with the time last
 * seen. Only friends see it, and not those the person blocked. Changes reach friends at once.
 */
@Service
@EnableConfigurationProperties(PresenceProperties.class)
public class PresenceService implements DisposableBean {
    private final PresenceRegistry registry;
    private final JdbcLastSeenStore lastSeen;
    private final FriendService friends;
    private final SessionHub hub;
    private final EventBus bus;
    private final Clock clock;
    private final PresenceProperties properties;
    private final ScheduledExecutorService timers = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("presence-grace").daemon().factory());
    /** Who may see each user's presence: their friends, minus those they blocked. */
    private final Cache<Long, long[]> audiences = Caffeine.newBuilder()
            .maximumSize(200_000).expireAfterAccess(Duration.ofMinutes(30)).build();

    PresenceService(PresenceRegistry registry, JdbcLastSeenStore lastSeen, FriendService friends, SessionHub hub,
            EventBus bus, Clock clock, PresenceProperties properties) {
        this.registry = registry;
        this.lastSeen = lastSeen;
        this.friends = friends;
        this.hub = hub;
        this.bus = bus;
        this.clock = clock;
        this.properties = properties;
        bus.subscribe(PresenceChanged.class, this::tellFriends);
        bus.subscribe(FriendEvent.FriendshipStarted.class, event -> {
            forget(event.userA(), event.userB());
            tellEachOther(event.userA(), event.userB());
        });
        bus.subscribe(FriendEvent.FriendshipEnded.class, event -> forget(event.userA(), event.userB()));
        bus.subscribe(FriendEvent.Blocked.class, event -> forget(event.blocker(), event.blocked()));
        bus.subscribe(FriendEvent.Unblocked.class, event -> forget(event.blocker(), event.blocked()));
    }

    @EventListener
    void on(ConnectionEvent.Opened opened) {
        if (registry.connected(opened.userId(), key(opened.connectionId()))) {
            bus.publish(new PresenceChanged(opened.userId(), true, null));
        }
    }

    @EventListener
    void on(ConnectionEvent.Closed closed) {
        if (registry.disconnected(closed.userId(), key(closed.connectionId()))) {
            timers.schedule(() -> goneIfStillAway(closed.userId()), properties.grace().toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    private void goneIfStillAway(long userId) {
        if (!registry.isOnline(userId)) {
            Instant at = clock.instant();
            lastSeen.save(userId, at);
            bus.publish(new PresenceChanged(userId, false, at));
        }
    }

    /** The presence of those of {@code userIds} the viewer may see (their friends who did not block them). */
    public Map<Long, Presence> presenceFor(long viewer, Collection<Long> userIds) {
        Set<Long> visible = userIds.stream().filter(id -> canSee(viewer, id)).collect(Collectors.toSet());
        Set<Long> online = registry.online(visible);
        Map<Long, Instant> seen = lastSeen.lastSeen(visible.stream().filter(id -> !online.contains(id)).toList());
        return visible.stream().collect(Collectors.toMap(id -> id,
                id -> new Presence(id, online.contains(id), online.contains(id) ? null : seen.get(id))));
    }

    private boolean canSee(long viewer, long userId) {
        long[] audience = audienceOf(userId);
        return java.util.Arrays.binarySearch(audience, viewer) >= 0;
    }

    private long[] audienceOf(long userId) {
        return audiences.get(userId, id -> friends.friends(id).stream().mapToLong(Friendship::friendId).sorted().toArray());
    }

    private void tellFriends(PresenceChanged event) {
        hub.deliver(audienceOf(event.userId()), new ServerFrame.Presence(Long.toString(event.userId()), event.online(),
                event.lastSeenAt()), 0);
    }

    /** New friends see each other's presence at once. */
    private void tellEachOther(long a, long b) {
        for (long[] pair : List.of(new long[] {a, b}, new long[] {b, a})) {
            Presence presence = presenceFor(pair[1], List.of(pair[0])).get(pair[0]);
            if (presence != null) {
                hub.deliver(pair[1], new ServerFrame.Presence(Long.toString(pair[0]), presence.online(), presence.lastSeenAt()));
            }
        }
    }

    private void forget(long a, long b) {
        audiences.invalidate(a);
        audiences.invalidate(b);
    }

    private static String key(long connectionId) {
        return Long.toString(connectionId);
    }

    @Override
    public void destroy() {
        timers.shutdownNow();
    }
}
