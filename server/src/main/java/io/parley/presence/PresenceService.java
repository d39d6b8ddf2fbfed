package io.parley.presence;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.parley.friend.FriendEvent;
import io.parley.friend.FriendService;
import io.parley.friend.Friendship;
import io.parley.platform.bus.BusEvent;
import io.parley.platform.bus.EventBus;
import io.parley.presence.store.JdbcLastSeenStore;
import io.parley.protocol.ConnectionEvent;
import io.parley.protocol.Delivery;
import io.parley.protocol.ServerFrame;
import io.parley.user.PresenceVisibility;
import io.parley.user.PresenceVisibilityChanged;
import io.parley.user.UserService;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Service;

/**
 * Online while any device is connected; offline after a short grace period, with the time last
 * seen. Only friends see it: not those the person blocked or who blocked them, not when the person
 * chose to share it with nobody, and not those who chose nobody themselves (reciprocal). A
 * friend who may not see it gets "hidden", so a block looks like a choice of nobody. Changes
 * reach friends at once.
 */
@Service
@EnableConfigurationProperties(PresenceProperties.class)
public class PresenceService implements DisposableBean {
    private static final Logger log = LoggerFactory.getLogger(PresenceService.class);
    private final PresenceRegistry registry;
    private final JdbcLastSeenStore lastSeen;
    private final FriendService friends;
    private final UserService users;
    private final EventBus bus;
    private final Clock clock;
    private final PresenceProperties properties;
    private static final int SWEEP_BATCH = 500;
    private volatile boolean stopping;
    private final ScheduledExecutorService timers = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("presence-grace").daemon().factory());
    private final Cache<Long, Audience> audiences = Caffeine.newBuilder()
            .maximumSize(200_000).expireAfterAccess(Duration.ofMinutes(30)).build();

    /**
     * Who would see a user's presence if they share it: friends, minus those blocked either way
     * and those who share with nobody (sorted); and whether the user shares it.
     */
    private record Audience(boolean shares, long[] viewers) {
        boolean sees(long viewer) {
            return shares && Arrays.binarySearch(viewers, viewer) >= 0;
        }
    }

    PresenceService(PresenceRegistry registry, JdbcLastSeenStore lastSeen, FriendService friends, UserService users,
            EventBus bus, Clock clock, PresenceProperties properties) {
        this.registry = registry;
        this.lastSeen = lastSeen;
        this.friends = friends;
        this.users = users;
        this.bus = bus;
        this.clock = clock;
        this.properties = properties;
        // Every node forgets the audiences a change touches; one node tells the people concerned
        // (after forgetting them itself, whichever event reaches it first).
        bus.observe(FriendEvent.FriendshipStarted.class, event -> forget(event.userA(), event.userB()));
        bus.observe(FriendEvent.FriendshipEnded.class, event -> forget(event.userA(), event.userB()));
        bus.observe(FriendEvent.Blocked.class, event -> forget(event.blocker(), event.blocked()));
        bus.observe(FriendEvent.Unblocked.class, event -> forget(event.blocker(), event.blocked()));
        bus.observe(PresenceVisibilityChanged.class, event -> forgetAudiencesOf(event.userId()));
        bus.subscribe(PresenceChanged.class, this::tellFriends);
        bus.subscribe(FriendEvent.FriendshipStarted.class, event -> {
            forget(event.userA(), event.userB());
            tellEachOther(event.userA(), event.userB());
        });
        bus.subscribe(FriendEvent.Blocked.class, this::blocked);
        bus.subscribe(FriendEvent.Unblocked.class, this::unblocked);
        bus.subscribe(PresenceVisibilityChanged.class, this::visibilityChanged);
        bus.subscribe(PresenceRetold.class, this::retell);
        long every = Math.max(1000, properties.lease().toMillis() / 4);
        timers.scheduleWithFixedDelay(() -> {
            try {
                sweepLapsed();
            } catch (RuntimeException e) {
                log.warn("Could not sweep lapsed presence (tried again in {} ms): {}", every, e.toString());
            }
        }, every, every, TimeUnit.MILLISECONDS);
    }

    @EventListener
    void on(ConnectionEvent.Opened opened) {
        if (registry.connected(opened.userId(), key(opened.connectionId()))) {
            bus.publish(new PresenceChanged(opened.userId(), true, null));
        }
    }

    /**
     * Sockets closed by this node's own shutdown are not closes of their users: they reconnect to
     * another node at once. Their leases are left to lapse (the registry drops them as it stops), and
     * whoever does not come back within the lease is announced offline by the sweep of any node.
     */
    @EventListener
    void on(ContextClosedEvent closing) {
        stopping = true;
    }

    @EventListener
    void on(ConnectionEvent.Closed closed) {
        if (stopping) {
            return;
        }
        if (registry.disconnected(closed.userId(), key(closed.connectionId()))) {
            timers.schedule(() -> goneIfStillAway(closed.userId()), properties.grace().toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    /** Users whose node died or stopped: nobody heard their sockets close. */
    void sweepLapsed() {
        Set<Long> gone;
        do {
            gone = registry.lapsed(SWEEP_BATCH);
            Instant at = clock.instant();
            for (long userId : gone) {
                lastSeen.save(userId, at);
                bus.publish(new PresenceChanged(userId, false, at));
            }
        } while (gone.size() == SWEEP_BATCH);
    }

    private void goneIfStillAway(long userId) {
        if (!registry.isOnline(userId)) {
            Instant at = clock.instant();
            lastSeen.save(userId, at);
            bus.publish(new PresenceChanged(userId, false, at));
        }
    }

    /**
     * The presence of those of {@code userIds} who are the viewer's friends: as it is where the
     * viewer may see it, else {@link Presence#hidden}. Others are left out.
     */
    public Map<Long, Presence> presenceFor(long viewer, Collection<Long> userIds) {
        Set<Long> mine = friends.friends(viewer).stream().map(Friendship::friendId).collect(Collectors.toSet());
        Set<Long> asked = userIds.stream().filter(mine::contains).collect(Collectors.toSet());
        Set<Long> visible = asked.stream().filter(id -> audienceOf(id).sees(viewer)).collect(Collectors.toSet());
        Set<Long> online = registry.online(visible);
        Map<Long, Instant> seen = lastSeen.lastSeen(visible.stream().filter(id -> !online.contains(id)).toList());
        Map<Long, Presence> result = new HashMap<>();
        for (long id : asked) {
            result.put(id, !visible.contains(id) ? Presence.hidden(id)
                    : new Presence(id, online.contains(id), online.contains(id) ? null : seen.get(id), false));
        }
        return result;
    }

    /**
     * Those of the users who have a socket on any node, for the server's own use (to build live
     * updates only for them); never shown to people, who see {@link #presenceFor}.
     */
    public Set<Long> onlineAmong(Collection<Long> userIds) {
        return registry.online(userIds);
    }

    private Audience audienceOf(long userId) {
        return audiences.get(userId, id -> {
            Set<Long> blockers = friends.blockersOf(id);
            List<Long> candidates = friends.friends(id).stream().map(Friendship::friendId)
                    .filter(friend -> !blockers.contains(friend)).toList();
            Set<Long> hiding = users.hidingPresence(candidates);
            long[] viewers = candidates.stream().filter(friend -> !hiding.contains(friend))
                    .mapToLong(Long::longValue).sorted().toArray();
            return new Audience(!users.hidingPresence(List.of(id)).contains(id), viewers);
        });
    }

    private void tellFriends(PresenceChanged event) {
        Audience audience = audienceOf(event.userId());
        if (audience.shares()) {
            tell(event, new Presence(event.userId(), event.online(), event.lastSeenAt(), false), audience.viewers());
        }
    }

    /** New friends see each other's presence at once. */
    private void tellEachOther(long a, long b) {
        bus.publish(new PresenceRetold(a, b, false));
        bus.publish(new PresenceRetold(b, a, false));
    }

    /** In the order of the subject's own changes (see {@link PresenceRetold}), as it is now. */
    private void retell(PresenceRetold event) {
        forget(event.subjectId(), event.viewerId());
        if (event.hidden()) {
            tell(event, Presence.hidden(event.subjectId()), event.viewerId());
            return;
        }
        Presence presence = presenceFor(event.viewerId(), List.of(event.subjectId())).get(event.subjectId());
        if (presence != null && !presence.hidden()) {
            tell(event, presence, event.viewerId());
        }
    }

    /**
     * The blocked person, if they saw the blocker's presence, sees it hidden from now on: just what
     * they would see if the blocker had chosen nobody.
     */
    private void blocked(FriendEvent.Blocked event) {
        forget(event.blocker(), event.blocked());
        if (sharesWith(event.blocker(), event.blocked())) {
            bus.publish(new PresenceRetold(event.blocker(), event.blocked(), true));
        }
    }

    /** And on unblocking, sees it again, as after a change back to friends. */
    private void unblocked(FriendEvent.Unblocked event) {
        forget(event.blocker(), event.blocked());
        bus.publish(new PresenceRetold(event.blocker(), event.blocked(), false));
    }

    /** Whether {@code viewer} would see the user's presence if no block stood between them. */
    private boolean sharesWith(long userId, long viewer) {
        return friends.areFriends(userId, viewer) && !friends.hasBlocked(viewer, userId)
                && users.hidingPresence(List.of(userId, viewer)).isEmpty();
    }

    /**
     * A user's choice changes who sees them and, reciprocally, whom they see: every audience they
     * are in is recomputed. Their friends see the change live (hidden, or the presence again).
     */
    private void visibilityChanged(PresenceVisibilityChanged event) {
        long userId = event.userId();
        forgetAudiencesOf(userId);
        long[] viewers = audienceOf(userId).viewers();
        if (event.visibility() == PresenceVisibility.NOBODY) {
            tell(event, Presence.hidden(userId), viewers);
            return;
        }
        boolean online = registry.isOnline(userId);
        Instant seen = online ? null : lastSeen.lastSeen(List.of(userId)).get(userId);
        tell(event, new Presence(userId, online, seen, false), viewers);
    }

    /** A presence frame for the viewers' devices, in the order of the event that changed it. */
    private void tell(BusEvent cause, Presence presence, long... viewers) {
        bus.publish(Delivery.of(cause, new ServerFrame.Presence(Long.toString(presence.userId()), presence.online(),
                presence.lastSeenAt(), presence.hidden()), viewers));
    }

    /** Every audience the user is in, and their own. */
    private void forgetAudiencesOf(long userId) {
        audiences.invalidate(userId);
        friends.friends(userId).forEach(friend -> audiences.invalidate(friend.friendId()));
        friends.blockedByMe(userId).forEach(audiences::invalidate);
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
