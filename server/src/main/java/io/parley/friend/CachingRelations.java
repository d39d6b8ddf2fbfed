package io.parley.friend;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.parley.platform.bus.EventBus;
import java.time.Duration;

/**
 * Relations from memory after the first ask: they change rarely and are asked on every direct
 * message. What this node changes is forgotten at once ({@link #changed}); what other nodes
 * change arrives on the bus.
 */
final class CachingRelations implements Relations {
    private final Relations stored;
    /** By the pair, smaller id first. */
    private final Cache<Pair, Boolean> friendships = Caffeine.newBuilder()
            .maximumSize(500_000).expireAfterAccess(Duration.ofMinutes(30)).build();
    /** By (blocker, blocked). */
    private final Cache<Pair, Boolean> blocks = Caffeine.newBuilder()
            .maximumSize(500_000).expireAfterAccess(Duration.ofMinutes(30)).build();

    private record Pair(long first, long second) {
        static Pair unordered(long a, long b) {
            return new Pair(Math.min(a, b), Math.max(a, b));
        }
    }

    CachingRelations(Relations stored, EventBus bus) {
        this.stored = stored;
        bus.observe(FriendEvent.Blocked.class, this::forget);
        bus.observe(FriendEvent.Unblocked.class, this::forget);
        bus.observe(FriendEvent.FriendshipStarted.class, this::forget);
        bus.observe(FriendEvent.FriendshipEnded.class, this::forget);
    }

    @Override
    public boolean areFriends(long a, long b) {
        return friendships.get(Pair.unordered(a, b), pair -> stored.areFriends(pair.first(), pair.second()));
    }

    @Override
    public boolean hasBlocked(long blocker, long blocked) {
        return blocks.get(new Pair(blocker, blocked), pair -> stored.hasBlocked(pair.first(), pair.second()));
    }

    @Override
    public void changed(FriendEvent event) {
        forget(event);
        stored.changed(event);
    }

    private void forget(FriendEvent event) {
        switch (event) {
            case FriendEvent.Blocked b -> blocks.invalidate(new Pair(b.blocker(), b.blocked()));
            case FriendEvent.Unblocked u -> blocks.invalidate(new Pair(u.blocker(), u.blocked()));
            case FriendEvent.FriendshipStarted s -> friendships.invalidate(Pair.unordered(s.userA(), s.userB()));
            case FriendEvent.FriendshipEnded e -> friendships.invalidate(Pair.unordered(e.userA(), e.userB()));
            case FriendEvent.RequestReceived ignored -> {
                // A request changes neither friendship nor blocks.
            }
        }
    }
}
